using Microsoft.Data.Sqlite;

namespace PxeHost.Storage;

/// <summary>One statement on a connection (in a transaction when given): what the lease and timeline databases' set-up and migrations run.</summary>
internal static class SqliteStatements
{
    public static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
