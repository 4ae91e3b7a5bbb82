using System.Net;
using System.Net.Sockets;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>The leases of a running full-mode server, for the API: listed, and released by an admin.</summary>
public sealed partial class DhcpServer
{
    /// <summary>Every lease on record; none in proxy mode or before the store is open.</summary>
    public ValueTask<IReadOnlyList<Lease>> ListLeasesAsync(CancellationToken cancellationToken) =>
        _store?.ListAsync(cancellationToken) ?? ValueTask.FromResult<IReadOnlyList<Lease>>([]);

    /// <summary>
    /// Ends the active lease on <paramref name="address"/> as if its client had sent a DHCPRELEASE
    /// (RFC 2131 §4.4.6): the address goes back to the pool, remembered for that client. Refused, saying
    /// why, when no client holds it.
    /// </summary>
    /// <exception cref="LeaseStoreException">The release could not be committed.</exception>
    public async ValueTask<LeaseDecision> ReleaseLeaseAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_store is not { } store)
        {
            return LeaseDecision.Refuse("this server hands out no addresses (proxy mode, or not started)");
        }

        // The store knows a scope by its subnet, which a reload does not change (that needs a restart).
        var scope = address.AddressFamily == AddressFamily.InterNetwork ? _options.Scopes.FirstOrDefault(s => s.Contains(address)) : null;
        if (scope is null || await store.FindAsync(address, cancellationToken).ConfigureAwait(false) is not { } lease)
        {
            return LeaseDecision.Refuse($"no lease on record for {address}");
        }

        return await store.ReleaseAsync(scope, LeaseClient.Of(lease), address, cancellationToken).ConfigureAwait(false);
    }
}
