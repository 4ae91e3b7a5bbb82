using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Storage;

namespace PxeHost.Tests.Storage;

/// <summary>
/// The promise the DHCP service ACKs on: a completed grant survives kill -9. A child process
/// (tests/tools/LeaseCrashChild) asks the store for grants from 16 concurrent callers and prints each
/// address once its grant completed; the test kills it with SIGKILL mid-stream, reopens the store and
/// finds every printed address leased to its client.
/// </summary>
public sealed class SqliteLeaseStoreCrashTests : IDisposable
{
    private const int KillAfter = 3_000;

    private readonly LeaseStoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Every_acknowledged_grant_survives_a_kill_9_of_the_process()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var acknowledged = new List<IPAddress>();
        using (var child = StartChild(_data.Directory, callers: 16))
        {
            var stderr = child.StandardError.ReadToEndAsync(timeout.Token);
            while (acknowledged.Count < KillAfter)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the child ended after {acknowledged.Count} grants: {await stderr}");
                acknowledged.Add(IPAddress.Parse(line));
            }

            child.Kill(); // SIGKILL: no finally, no dispose, no checkpoint.

            // Lines already in the pipe were acknowledged before the kill: they count too.
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (IPAddress.TryParse(line, out var address))
                {
                    acknowledged.Add(address);
                }
            }

            await child.WaitForExitAsync(timeout.Token);
            Assert.Equal(128 + 9, child.ExitCode);
        }

        Assert.True(File.Exists(_data.DatabasePath + "-wal"), "a killed writer leaves its WAL behind for recovery");
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, NullLogger.Instance, CancellationToken.None);
        var stored = (await store.ListAsync(CancellationToken.None)).ToDictionary(l => l.Address);
        var missing = acknowledged.Where(a => !stored.ContainsKey(a)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged leases lost, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(acknowledged, a =>
        {
            var n = a.GetAddressBytes()[3] + (a.GetAddressBytes()[2] << 8);
            Assert.Equal(($"host-{n}", LeaseState.Active, $"52:54:00:00:{n >> 8:x2}:{n & 0xff:x2}"), (stored[a].Hostname, stored[a].State, MacAddressText.Format(stored[a].Mac)));
        });
    }

    /// <summary>The built child: artifacts/bin/LeaseCrashChild/CONFIG beside this assembly's artifacts/bin/PxeHost.Tests/CONFIG.</summary>
    private static Process StartChild(string dataDirectory, int callers)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "LeaseCrashChild", configuration, "LeaseCrashChild.dll"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the lease crash child is not built", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", dll, dataDirectory, callers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("cannot start the lease crash child");
    }
}
