using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Storage;

// Started by SqliteLeaseStoreCrashTests: saves leases from CALLERS concurrent callers into DATA_DIR and
// prints each address on stdout once its SaveAsync has completed, until the test kills it with SIGKILL
// (or, if nobody does, until MaxLeases have been saved).
const int MaxLeases = 1_000_000;

if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var callers) || callers < 1)
{
    await Console.Error.WriteLineAsync("usage: LeaseCrashChild DATA_DIR CALLERS").ConfigureAwait(false);
    return 2;
}

var store = await SqliteLeaseStore.OpenAsync(args[0], NullLogger.Instance, CancellationToken.None).ConfigureAwait(false);
var next = -1;
var start = DateTimeOffset.UnixEpoch.AddYears(56);
await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(SaveUntilKilledAsync))).ConfigureAwait(false);
await store.DisposeAsync().ConfigureAwait(false);
return 0;

async Task SaveUntilKilledAsync()
{
    for (var n = Interlocked.Increment(ref next); n < MaxLeases; n = Interlocked.Increment(ref next))
    {
        var address = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        var mac = new PhysicalAddress([0x52, 0x54, 0, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
        var lease = new Lease(address, mac, LeaseState.Active, start, start.AddHours(1)) { Hostname = $"host-{n}" };
        await store.SaveAsync([lease], CancellationToken.None).ConfigureAwait(false);

        // Console.Out is synchronized and flushes every line: what the test reads was acknowledged.
        await Console.Out.WriteLineAsync(address.ToString()).ConfigureAwait(false);
    }
}
