using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Storage;

namespace PxeHost.Tests.Storage;

/// <summary>A temporary data directory per test, and leases numbered so that each has its own address and MAC.</summary>
public sealed class LeaseStoreTestData : IDisposable
{
    public static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("pxh-leases-").FullName;

    public string DatabasePath => Path.Combine(Directory, "leases.db");

    public static IPAddress Address(int n) => new([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);

    public static Lease Lease(int n, LeaseState state = LeaseState.Active, string? hostname = null) =>
        new(Address(n), new PhysicalAddress([0x52, 0x54, 0, (byte)(n >> 16), (byte)(n >> 8), (byte)n]), state, Start.AddSeconds(n), Start.AddSeconds(n + 3600))
        {
            Hostname = hostname,
        };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
