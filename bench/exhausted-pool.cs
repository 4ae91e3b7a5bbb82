#:project ../src/PxeHost/PxeHost.csproj
#:property PublishAot=false

// What one DHCPDISCOVER costs the lease table when a /16 pool is exhausted: every address of
// 10.60.0.1-10.60.255.254 leased, then new clients DISCOVER and are refused. A benchmark, not a test:
// it prints the figure and exits 0.
//
//   dotnet run bench/exhausted-pool.cs [-- DISCOVERS]
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Dhcp;
using PxeHost.Storage;

var discovers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var scope = new DhcpScope
{
    Network = IPAddress.Parse("10.60.0.0"),
    PrefixLength = 16,
    Ranges = [new DhcpRange(IPAddress.Parse("10.60.0.1"), IPAddress.Parse("10.60.255.254"))],
};
await using var store = new MemoryLeaseStore(new LeaseAllocationOptions { Scopes = [scope] }, TimeProvider.System);

static PhysicalAddress Mac(int n) => new([0x52, 0x54, 0, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);

var fill = Stopwatch.StartNew();
for (var i = 0; i < scope.PoolSize; i++)
{
    var address = scope.AddressAt((uint)i);
    var granted = await store.RequestAsync(scope, Mac(i), new IPAddress([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]), null, CancellationToken.None);
    if (!granted.Granted)
    {
        throw new InvalidOperationException(granted.Reason);
    }
}

fill.Stop();
var refused = 0;
var clock = Stopwatch.StartNew();
for (var i = 0; i < discovers; i++)
{
    refused += (await store.OfferAsync(scope, Mac(0x800000 + i), null, CancellationToken.None)).Granted ? 0 : 1;
}

clock.Stop();
Console.WriteLine($"pool of {scope.PoolSize} leased in {fill.ElapsedMilliseconds} ms; {discovers} DISCOVERs ({refused} refused) in {clock.Elapsed.TotalMilliseconds:N1} ms: "
    + $"{clock.Elapsed.TotalMicroseconds / discovers:N1} µs per DISCOVER, {discovers / clock.Elapsed.TotalSeconds:N0} per second");
