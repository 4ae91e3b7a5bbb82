using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>A client that chose another server gives its offer back (RFC 2131 §4.3.2): in the SQLite store too, at once and without a write.</summary>
public sealed class SqliteLeaseStoreOfferWithdrawalTests : IDisposable
{
    private static readonly System.Net.NetworkInformation.PhysicalAddress A = DhcpCaptures.Mac("52:54:00:00:00:0a");
    private static readonly System.Net.NetworkInformation.PhysicalAddress B = DhcpCaptures.Mac("52:54:00:00:00:0b");

    /// <summary>One address: while it is on offer to A, B gets nothing.</summary>
    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.100"))],
    };

    private readonly LeaseStoreTestData _data = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_withdrawn_offer_frees_its_address_for_the_next_client_at_once()
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [Scope] }, _time,
            NullLogger.Instance, CancellationToken.None);
        Assert.Equal(IPAddress.Parse("10.99.0.100"), (await store.OfferAsync(Scope, A, null, CancellationToken.None)).Address);
        Assert.False((await store.OfferAsync(Scope, B, null, CancellationToken.None)).Granted);

        // Completed when returned: nothing waits for the disk.
        var withdrawal = Completed.Now(store.WithdrawOfferAsync(Scope, A, CancellationToken.None));
        Assert.Equal(IPAddress.Parse("10.99.0.100"), withdrawal.Address);
        Assert.Empty(withdrawal.Changed);

        Assert.Equal(IPAddress.Parse("10.99.0.100"), (await store.OfferAsync(Scope, B, null, CancellationToken.None)).Address);
        Assert.False((await store.WithdrawOfferAsync(Scope, A, CancellationToken.None)).Granted);
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }
}
