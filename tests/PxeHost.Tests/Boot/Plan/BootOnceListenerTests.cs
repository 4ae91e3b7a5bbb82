using System.Net.NetworkInformation;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Boot.Plan;
using PxeHost.Events;
using PxeHost.Tftp;
using PxeHost.Tests.Support;
using static PxeHost.Tests.Boot.Plan.TestPlans;

namespace PxeHost.Tests.Boot.Plan;

/// <summary>
/// Boot once is used up by the kernel delivered to the machine, as the event stream reports it: not by
/// a HEAD, a refused GET, a config read or a transfer that broke off; over HTTP or over TFTP.
/// </summary>
public sealed class BootOnceListenerTests
{
    private static readonly PhysicalAddress Second = DhcpCaptures.Mac("52:54:00:12:34:70");

    [Fact]
    public async Task Only_a_delivered_kernel_uses_a_once_machine_up()
    {
        var plans = new PlanSource(Create() with { Machines = [.. Create().Machines, new() { Mac = Second, Boot = "linux", Once = true }] });
        var stream = new BootEventStream(TimeProvider.System);
        var record = new BootOnceRecord(null, stream);
        using var used = stream.Subscribe(e => e is BootOnceUsed);
        using var listener = new BootOnceListener(stream, new BootOnce(plans, record), NullLogger<BootOnceListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            stream.Publish(new HttpRequestEnded { Mac = Installer, Method = "HEAD", Path = "/files/linux/vmlinuz", Status = 200 });
            stream.Publish(new HttpRequestEnded { Mac = Installer, Method = "GET", Path = "/files/linux/vmlinuz", Status = 404 });
            stream.Publish(new HttpRequestEnded { Mac = Installer, Method = "GET", Path = "/boot/52-54-00-12-34-57.ipxe", Status = 200 });
            stream.Publish(new TftpTransferEnded { Mac = Installer, File = "files/linux/vmlinuz", ClientPort = 2000, Outcome = TftpTransferOutcome.TimedOut });
            stream.Publish(new TftpTransferEnded { Mac = Installer, File = "pxelinux.cfg/01-52-54-00-12-34-57", ClientPort = 2001, Outcome = TftpTransferOutcome.Completed });
            stream.Publish(new HttpRequestEnded { Mac = Second, Method = "GET", Path = "/files/linux/vmlinuz", Status = 200 });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var first = Assert.IsType<BootOnceUsed>(await used.Reader.ReadAsync(timeout.Token));

            // Events are handled in order: everything before the second machine's kernel left the first untouched.
            Assert.Equal((Second, "linux"), (first.Mac, first.Profile));
            Assert.False(record.HasBooted(Installer));

            stream.Publish(new TftpTransferEnded { Mac = Installer, File = "/files/linux/vmlinuz", ClientPort = 2002, Outcome = TftpTransferOutcome.Completed });
            var second = Assert.IsType<BootOnceUsed>(await used.Reader.ReadAsync(timeout.Token));
            Assert.Equal(Installer, second.Mac);
            Assert.True(record.HasBooted(Installer));
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }
}
