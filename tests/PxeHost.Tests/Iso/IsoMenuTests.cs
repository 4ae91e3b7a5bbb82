using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Files;
using PxeHost.Hosting;
using PxeHost.Iso;
using PxeHost.Protocol.Dhcp;
using PxeHost.Tests.Support;
using PxeHost.Tftp;

namespace PxeHost.Tests.Iso;

/// <summary>
/// A server without a plan, as serve composes it: unknown machines get the menu of the images'
/// entries through iPXE, the first booting when it times out; an image added while serving is in the
/// next menu; with no image, or boot files named on the command line, the flags decide as before.
/// </summary>
public sealed class IsoMenuTests : IDisposable
{
    private static readonly BootClient Firmware = new(DhcpCaptures.Mac("52:54:00:00:00:07"), null, ClientArchitecture.IntelX86Bios, FirmwareStage.Firmware, null);
    private static readonly BootClient Ipxe = Firmware with { Stage = FirmwareStage.Ipxe };

    private readonly TestImages _images = new();
    private readonly IsoCatalog _catalog;

    public IsoMenuTests()
    {
        _catalog = new IsoCatalog(_images.Library());
        _catalog.Library.Add(_images.Make("live", TestImages.LiveEntries), null, null, null, CancellationToken.None, out _);
        _catalog.Refresh();
    }

    public void Dispose() => _images.Dispose();

    [Fact]
    public async Task Unknown_machines_get_ipxe_and_then_the_menu_of_every_entry_the_first_booting_after_the_timeout()
    {
        using var services = Compose(imageMenu: true);
        var policy = services.GetRequiredService<IBootPolicy>();

        var decision = policy.Decide(Firmware, IPAddress.Loopback);
        var script = await policy.IpxeScriptAsync(Ipxe, IPAddress.Loopback, null, CancellationToken.None);

        Assert.Equal("undionly.kpxe", decision.BootFile);
        Assert.Contains("""
            menu PxeHost: images
            item iso-live-1 live: Live system
            item iso-live-2 live: Live system (BIOS safe mode)
            item iso-live-3 live: Whole image
            choose --timeout 10000 --default iso-live-1 selected || set selected iso-live-1
            """.Replace("\r", string.Empty, StringComparison.Ordinal), script, StringComparison.Ordinal);
        Assert.Contains("kernel http://127.0.0.1/iso/live/live/vmlinuz initrd=initrd.img boot=live quiet fetch=http://127.0.0.1/iso/live/live/filesystem.squashfs", script, StringComparison.Ordinal);
        Assert.Contains(services.GetRequiredService<FileChain>().Sources, s => s is IsoFileSource);
    }

    [Fact]
    public async Task An_image_added_while_serving_is_in_the_next_menu()
    {
        using var services = Compose(imageMenu: true);
        var policy = services.GetRequiredService<IBootPolicy>();
        _catalog.Library.Add(_images.Make("second", TestImages.LiveEntries, seed: 5), null, null, null, CancellationToken.None, out _);

        _catalog.Refresh();

        var script = await policy.IpxeScriptAsync(Ipxe, IPAddress.Loopback, null, CancellationToken.None);
        Assert.Contains("item iso-second-1 second: Live system", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_images_or_with_boot_files_on_the_command_line_the_flags_decide()
    {
        using var named = Compose(imageMenu: false);
        Assert.Null(_catalog.Library.Remove("live", out _));
        _catalog.Refresh();
        using var empty = Compose(imageMenu: true);

        foreach (var services in new[] { named, empty })
        {
            var script = await services.GetRequiredService<IBootPolicy>().IpxeScriptAsync(Ipxe, IPAddress.Loopback, null, CancellationToken.None);
            Assert.DoesNotContain("menu", script, StringComparison.Ordinal);
            Assert.Equal(IpxeScripts.NothingConfigured(BootUrls.MacPath(Ipxe.Mac), "this client runs iPXE and its boot file is iPXE itself"), script);
        }
    }

    private ServiceProvider Compose(bool imageMenu)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders());
        services.AddPxeHost(new PxeHostOptions
        {
            Tftp = new TftpServerOptions { ListenAddresses = [IPAddress.Loopback], Port = 0 },
            Images = _catalog,
            ImageMenu = imageMenu,
        });
        return services.BuildServiceProvider();
    }
}
