using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;

// Started by SqliteLeaseStoreCrashTests: from CALLERS concurrent callers, asks the lease store in DATA_DIR
// to grant address n to client n (a DHCPREQUEST each) and prints each address on stdout once its grant
// has completed — the moment the DHCP service would send the ACK — until the test kills it with SIGKILL
// (or, if nobody does, until MaxLeases have been granted).
const int MaxLeases = 1_000_000;

if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var callers) || callers < 1)
{
    await Console.Error.WriteLineAsync("usage: LeaseCrashChild DATA_DIR CALLERS").ConfigureAwait(false);
    return 2;
}

var scope = new DhcpScope
{
    Network = IPAddress.Parse("10.0.0.0"),
    PrefixLength = 8,
    Ranges = [new DhcpRange(IPAddress.Parse("10.0.0.0"), IPAddress.Parse("10.255.255.255"))],
};
var store = await SqliteLeaseStore.OpenAsync(args[0], LeaseDurability.Process, new LeaseAllocationOptions { Scopes = [scope] }, TimeProvider.System,
    NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
var next = -1;
await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(GrantUntilKilledAsync))).ConfigureAwait(false);
await store.DisposeAsync().ConfigureAwait(false);
return 0;

async Task GrantUntilKilledAsync()
{
    for (var n = Interlocked.Increment(ref next); n < MaxLeases; n = Interlocked.Increment(ref next))
    {
        var address = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        var mac = new PhysicalAddress([0x52, 0x54, 0, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        var grant = await store.RequestAsync(scope, mac, address, $"host-{n}", CancellationToken.None).ConfigureAwait(false);
        if (!grant.Granted)
        {
            throw new InvalidOperationException($"{address} refused: {grant.Reason}");
        }

        // Console.Out is synchronized and flushes every line: what the test reads was acknowledged.
        await Console.Out.WriteLineAsync(address.ToString()).ConfigureAwait(false);
    }
}
