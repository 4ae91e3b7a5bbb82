using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Events;
using PxeHost.Storage;
using PxeHost.Tests.Support;
using Xunit.Abstractions;

namespace PxeHost.Tests.Storage;

/// <summary>
/// How many saves per second group commit sustains with 64 callers that each wait for their save, as
/// the DHCP service waits before each ACK. Reported, not asserted: the figure depends on the machine.
/// Run with <c>--logger "console;verbosity=detailed"</c> to see it.
/// </summary>
public sealed class SqliteLeaseStoreThroughputTests(ITestOutputHelper output) : IDisposable
{
    private const int Callers = 64;
    private const int SavesPerCaller = 1_000;

    private readonly LeaseStoreTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(LeaseDurability.Process)]
    [InlineData(LeaseDurability.PowerLoss)]
    public async Task Sixty_four_waiting_callers_report_saves_per_second(LeaseDurability durability)
    {
        await using var store = await SqliteLeaseStore.OpenAsync(_data.Directory, durability, NullLogger.Instance, CancellationToken.None);
        using var metrics = new MetricReader(store.Metrics);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < SavesPerCaller; i++)
            {
                await store.SaveAsync([LeaseStoreTestData.Lease((c * SavesPerCaller) + i)], CancellationToken.None);
            }
        })));
        clock.Stop();

        var saves = Callers * SavesPerCaller;
        Assert.Equal(saves, metrics.Total(MetricNames.LeaseStoreLeasesWritten));
        var commits = metrics.Total(MetricNames.LeaseStoreCommits);
        output.WriteLine(
            $"lease store ({durability}): {saves / clock.Elapsed.TotalSeconds:N0} saves/s with {Callers} waiting callers; "
            + $"{saves} saves in {clock.ElapsedMilliseconds} ms, {commits} commits ({(double)saves / commits:N1} saves per commit)");
    }
}
