using Microsoft.Data.Sqlite;

namespace PxeHost.Storage;

/// <summary>The writer thread: the only user of the write connection once the store is open.</summary>
public sealed partial class SqliteLeaseStore
{
    private void RunWriter()
    {
        var batch = new List<PendingSave>(MaxSavesPerCommit);
        try
        {
            using var insert = PrepareInsert();
            while (WaitForWork())
            {
                while (batch.Count < MaxSavesPerCommit && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                Commit(insert, batch);
                batch.Clear();
            }
        }
        catch (Exception e)
        {
            // Not a failed commit (those fail their batch and the loop goes on) but a broken writer:
            // refuse further saves and fail those still queued rather than leave them waiting forever.
            var fault = e as InvalidOperationException ?? new InvalidOperationException($"lease database {DatabasePath}: writer failed: {e.Message}", e);
            _queue.Writer.TryComplete(fault);
            while (_queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            RevertFailed(batch);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(fault);
            }
        }
        finally
        {
            Close();
            _writerStopped.TrySetResult();
        }
    }

    /// <summary>Blocks this dedicated thread (never a caller's) until a save is queued; false once disposed and drained.</summary>
    private bool WaitForWork()
    {
        var ready = _queue.Reader.WaitToReadAsync();
        return ready.IsCompletedSuccessfully ? ready.Result : ready.AsTask().GetAwaiter().GetResult();
    }

    private SqliteCommand PrepareInsert()
    {
        var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT OR REPLACE INTO leases ({LeaseRowCodec.Columns}) VALUES ($address, $mac, $state, $start, $expires, $hostname, $client_id)";
        insert.Parameters.Add("$address", SqliteType.Text);
        insert.Parameters.Add("$mac", SqliteType.Text);
        insert.Parameters.Add("$state", SqliteType.Integer);
        insert.Parameters.Add("$start", SqliteType.Integer);
        insert.Parameters.Add("$expires", SqliteType.Integer);
        insert.Parameters.Add("$hostname", SqliteType.Text);
        insert.Parameters.Add("$client_id", SqliteType.Text);
        insert.Prepare();
        return insert;
    }

    /// <summary>One transaction for the whole batch, in queue order, so a later save of an address wins.</summary>
    private void Commit(SqliteCommand insert, List<PendingSave> batch)
    {
        var leases = batch.Sum(p => p.Leases.Length);
        try
        {
            using var transaction = _connection.BeginTransaction();
            insert.Transaction = transaction;
            foreach (var pending in batch)
            {
                foreach (var lease in pending.Leases)
                {
                    LeaseRowCodec.Bind(insert.Parameters, lease);
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            Metrics.LeaseCommitFailed();
            LeaseStoreLog.CommitFailed(_logger, e, DatabasePath, leases, batch.Count);
            var failure = LeaseDatabase.Describe(DatabasePath, e, "commit failed: ");
            RevertFailed(batch);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }

            return;
        }

        _commits++;
        _leasesWritten += leases;
        Metrics.LeasesCommitted(leases);
        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult();
        }
    }

    /// <summary>
    /// Takes the decisions of saves that will never be committed back out of memory, latest first so that
    /// two decisions for one client unwind to the state before both, and before their callers hear of it
    /// (a retransmission then finds the table as it was).
    /// </summary>
    private void RevertFailed(List<PendingSave> failed)
    {
        var undos = new List<LeaseUndo>(failed.Count);
        for (var i = failed.Count - 1; i >= 0; i--)
        {
            if (failed[i].Undo is { } undo)
            {
                undos.Add(undo);
            }
        }

        _table.Revert(undos);
    }

    private void Close()
    {
        try
        {
            // The last connection to close checkpoints the WAL into leases.db and removes it.
            _connection.Dispose();
            LeaseStoreLog.Closed(_logger, DatabasePath, _commits, _leasesWritten);
        }
        catch (SqliteException e)
        {
            LeaseStoreLog.CloseFailed(_logger, e, DatabasePath);
        }
    }
}
