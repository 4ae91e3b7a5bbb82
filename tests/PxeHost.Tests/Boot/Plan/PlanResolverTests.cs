using PxeHost.Boot.Plan;
using PxeHost.Configuration;
using PxeHost.Protocol.Dhcp;
using static PxeHost.Tests.Boot.Plan.TestPlans;

namespace PxeHost.Tests.Boot.Plan;

/// <summary>
/// What one client boots: which machine entry or default applies, which loader, the menu as entries,
/// and every file reference and command-line variable as that loader and client need them.
/// </summary>
public sealed class PlanResolverTests
{
    private static readonly ResolveContext Context = new(Server, 80) { ClientAddress = ClientIp };

    private static ClientPlan? Resolve(BootPlanSet plan, PxeHost.Boot.BootClient client, ResolveContext? context = null, BootLoader? loader = null) =>
        PlanResolver.Resolve(plan, client, context ?? Context, loader);

    [Fact]
    public void A_machine_is_found_by_mac_and_boots_its_single_profile_at_once()
    {
        var plan = Resolve(Create(defaultBoot: "main"), Client(Web));

        Assert.NotNull(plan);
        Assert.Equal("Debian 12", plan.Title);
        Assert.Equal(["linux"], plan.Entries.Select(e => e.Id));
        Assert.Equal("linux", plan.DefaultEntry);
        Assert.Equal(TimeSpan.Zero, plan.Timeout);
    }

    [Fact]
    public void A_machine_is_found_by_uuid_when_its_mac_is_unknown()
    {
        var plan = Resolve(Create(), Client(Stranger, uuid: LabUuid));

        Assert.NotNull(plan);
        Assert.Equal("Lab menu", plan.Title);
        Assert.Equal(BootLoader.Pxelinux, plan.Loader);
    }

    [Fact]
    public void The_mac_wins_over_the_uuid()
    {
        var plan = Resolve(Create(), Client(Web, uuid: LabUuid));

        Assert.Equal("Debian 12", plan?.Title);
        Assert.Equal(BootLoader.Ipxe, plan?.Loader);
    }

    [Fact]
    public void An_unknown_machine_gets_the_default()
    {
        var plan = Resolve(Create(defaultBoot: "plain", defaultLoader: BootLoader.Grub), Client(Stranger));

        Assert.NotNull(plan);
        Assert.Equal("Plain menu", plan.Title);
        Assert.Equal(BootLoader.Grub, plan.Loader);
    }

    [Fact]
    public void A_listed_machine_without_a_boot_gets_the_default()
    {
        Assert.Equal("Lab menu", Resolve(Create(defaultBoot: "main"), Client(Nameless))?.Title);
        Assert.Null(Resolve(Create(), Client(Nameless)));
    }

    [Fact]
    public void Without_an_entry_or_a_default_there_is_no_plan()
    {
        Assert.Null(Resolve(Create(), Client(Stranger)));
        Assert.Null(Resolve(Create(), Client(Stranger, uuid: Guid.Parse("00000000-0000-0000-0000-000000000001"))));
    }

    [Fact]
    public void The_loader_comes_from_the_machine_then_the_defaults_and_a_known_loader_wins_over_both()
    {
        var plan = Create(defaultBoot: "linux", defaultLoader: BootLoader.Grub);

        Assert.Equal(BootLoader.Pxelinux, Resolve(plan, Client(Tester))?.Loader);
        Assert.Equal(BootLoader.Grub, Resolve(plan, Client(Web))?.Loader);
        Assert.Equal(BootLoader.Grub, Resolve(plan, Client(Stranger))?.Loader);
        Assert.Equal(BootLoader.Ipxe, Resolve(plan, Client(Tester), loader: BootLoader.Ipxe)?.Loader);
    }

    [Fact]
    public void A_menu_becomes_its_entries_with_its_default_and_timeout()
    {
        var plan = Resolve(Create(defaultBoot: "main"), Client(Stranger));

        Assert.NotNull(plan);
        Assert.Equal(["linux", "disk", "memtest"], plan.Entries.Select(e => e.Id));
        Assert.Equal(["Debian 12", "Local disk", "Memory test"], plan.Entries.Select(e => e.Title));
        Assert.Equal([ProfileKind.Linux, ProfileKind.LocalDisk, ProfileKind.Memtest], plan.Entries.Select(e => e.Kind));
        Assert.Equal("disk", plan.DefaultEntry);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.Timeout);
    }

    [Fact]
    public void A_menu_without_a_default_boots_its_first_entry_and_may_wait_forever()
    {
        var plan = Resolve(Create(defaultBoot: "plain"), Client(Stranger));

        Assert.NotNull(plan);
        Assert.Equal("disk", plan.DefaultEntry);
        Assert.Null(plan.Timeout);
    }

    [Theory]
    [InlineData(BootLoader.Ipxe, "http://10.0.0.1/files/linux/vmlinuz", "http://10.0.0.1/initrd/base.img")]
    [InlineData(BootLoader.Pxelinux, "/files/linux/vmlinuz", "/initrd/base.img")]
    [InlineData(BootLoader.Grub, "/files/linux/vmlinuz", "/initrd/base.img")]
    public void File_references_are_what_each_loader_fetches(BootLoader loader, string kernel, string relativeInitrd)
    {
        var entry = Assert.Single(Resolve(Create(), Client(Web), loader: loader)!.Entries);

        Assert.Equal(kernel, entry.Kernel);
        Assert.Equal([relativeInitrd, "http://mirror.example/extra.img"], entry.Initrds);
        Assert.Equal(["base.img", "extra.img"], entry.InitrdNames);
    }

    [Theory]
    [InlineData(80, "http://10.0.0.1/files/linux/vmlinuz", "url=http://10.0.0.1/preseed.cfg")]
    [InlineData(8080, "http://10.0.0.1:8080/files/linux/vmlinuz", "url=http://10.0.0.1:8080/preseed.cfg")]
    public void Http_urls_name_the_port_only_when_it_is_not_80(int port, string kernel, string url)
    {
        var entry = Assert.Single(Resolve(Create(), Client(Web), Context with { HttpPort = port })!.Entries);

        Assert.Equal(kernel, entry.Kernel);
        Assert.Contains(url, entry.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_variables_are_filled_per_client()
    {
        var entry = Assert.Single(Resolve(Create(), Client(Web), Context with { Hostname = "from-dhcp" })!.Entries);

        // The machine entry's host name wins over the one the client sent; unknown names stay for iPXE.
        Assert.Equal("ip=10.0.0.77 host=web1 mac=52:54:00:12:34:56 srv=10.0.0.1 url=http://10.0.0.1/preseed.cfg keep=${unknown}", entry.CommandLine);
    }

    [Fact]
    public void Without_a_host_name_in_the_entry_the_clients_own_is_used_and_unknowns_are_empty()
    {
        var plan = Create(defaultBoot: "linux");

        var named = Assert.Single(Resolve(plan, Client(Stranger), Context with { Hostname = "from-dhcp" })!.Entries);
        var unnamed = Assert.Single(Resolve(plan, Client(Stranger), new ResolveContext(Server, 80))!.Entries);

        Assert.StartsWith("ip=10.0.0.77 host=from-dhcp mac=52:54:00:ff:ff:ff ", named.CommandLine, StringComparison.Ordinal);
        Assert.StartsWith("ip= host= mac=52:54:00:ff:ff:ff ", unnamed.CommandLine, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ClientArchitecture.IntelX86Bios, BootLoader.Pxelinux, "/memtest86+x64.bin")]
    [InlineData(ClientArchitecture.EfiBc, BootLoader.Pxelinux, "/memtest86+x64.efi")]
    [InlineData(ClientArchitecture.EfiX64, BootLoader.Grub, "/memtest86+x64.efi")]
    [InlineData(ClientArchitecture.IntelX86Bios, BootLoader.Ipxe, "http://10.0.0.1/memtest86+x64.bin")]
    public void Memtest_is_the_file_for_the_clients_firmware(ClientArchitecture architecture, BootLoader loader, string file)
    {
        var plan = Resolve(Create(), Client(Tester, architecture), loader: loader);

        var entry = Assert.Single(plan!.Entries);
        Assert.Equal(ProfileKind.Memtest, entry.Kind);
        Assert.Equal(file, entry.Kernel);
        Assert.Equal(architecture != ClientArchitecture.IntelX86Bios, plan.IsUefi);
    }

    [Theory]
    [InlineData(BootLoader.Grub, "/chain/next.0")]
    [InlineData(BootLoader.Ipxe, "http://10.0.0.1/chain/next.0")]
    public void A_chain_target_is_a_file_reference_too(BootLoader loader, string target)
    {
        var entry = Assert.Single(Resolve(Create(), Client(Chainer), loader: loader)!.Entries);

        Assert.Equal(ProfileKind.Chain, entry.Kind);
        Assert.Equal(target, entry.ChainTarget);
    }

    [Fact]
    public void A_boot_once_machine_that_booted_gets_the_local_disk()
    {
        var plan = Create();

        var first = Resolve(plan, Client(Installer));
        var again = Resolve(plan, Client(Installer), Context with { BootedOnce = true });

        Assert.Equal(["linux"], first?.Entries.Select(e => e.Id));
        Assert.NotNull(again);
        var local = Assert.Single(again.Entries);
        Assert.Equal(ProfileKind.LocalDisk, local.Kind);
        Assert.Equal(local.Id, again.DefaultEntry);
        Assert.Equal(TimeSpan.Zero, again.Timeout);
        Assert.Equal(BootLoader.Ipxe, again.Loader);
    }

    [Fact]
    public void Having_booted_changes_nothing_for_a_machine_not_marked_once()
    {
        var plan = Resolve(Create(), Client(Web), Context with { BootedOnce = true });

        Assert.Equal(["linux"], plan?.Entries.Select(e => e.Id));
    }

    [Fact]
    public void The_serial_port_is_carried_to_the_plan()
    {
        var plan = Create() with { SerialPort = 1 };

        Assert.Equal(1, Resolve(plan, Client(Web))?.SerialPort);
        Assert.Null(Resolve(Create(), Client(Web))?.SerialPort);
    }

    [Fact]
    public void Files_named_by_absolute_path_are_published_under_files_and_the_profile()
    {
        var published = PlanResolver.PublishedFiles(Create());

        Assert.Equal(new Dictionary<string, string> { ["files/linux/vmlinuz"] = "/srv/images/debian/vmlinuz" }, published);
    }
}
