namespace PxeHost.Storage;

/// <summary>Opens the lease store the DHCP service allocates from; which store, and where, is the composition's choice.</summary>
public interface ILeaseStoreFactory
{
    /// <summary>Opens the store with what it holds from before, serving the given scopes.</summary>
    /// <exception cref="InvalidOperationException">The store cannot be opened or read; the message names the setting, the place and why.</exception>
    Task<ILeaseStore> OpenAsync(LeaseAllocationOptions allocation, CancellationToken cancellationToken);
}
