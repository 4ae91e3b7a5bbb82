using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Storage;

/// <summary>Opens <see cref="SqliteLeaseStore"/>: <c>leases.db</c> in the data directory, the embedded store of one server.</summary>
public sealed class SqliteLeaseStoreFactory(string dataDirectory, LeaseDurability durability, TimeProvider time, ILogger logger, PxeHostMetrics? metrics = null) : ILeaseStoreFactory
{
    public async Task<ILeaseStore> OpenAsync(LeaseAllocationOptions allocation, CancellationToken cancellationToken)
    {
        try
        {
            return await SqliteLeaseStore.OpenAsync(dataDirectory, durability, allocation, time, logger, metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"--data-dir {dataDirectory}: {e.Message}", e);
        }
    }
}
