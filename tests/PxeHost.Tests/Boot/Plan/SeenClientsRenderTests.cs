using PxeHost.Tests.Support;
using System.Text;
using PxeHost.Boot;
using PxeHost.Boot.Render;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Tests.Boot.Plan;

/// <summary>
/// What a loader's TFTP request does not say comes from the client's DHCP request: GRUB asks for the
/// same grub.cfg-01-MAC on BIOS and UEFI, and PXELINUX and GRUB try a UUID-named file first.
/// </summary>
public sealed class SeenClientsRenderTests
{
    [Fact]
    public void Grub_config_follows_the_architecture_the_client_sent_in_dhcp()
    {
        var seen = new SeenClients();
        var files = TestPolicies.Plan(TestPlans.Create(), seen: seen);
        var name = GrubConfigNames.LookupChain(TestPlans.Disk, null)[0].TrimStart('/');

        var unknown = Text(files.Generate(name, TestPlans.Server, null));
        seen.Record(TestPlans.Client(TestPlans.Disk, ClientArchitecture.EfiBc));
        var uefi = Text(files.Generate(name, TestPlans.Server, null));

        Assert.Contains("chainloader +1", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("chainloader +1", uefi, StringComparison.Ordinal);
        Assert.Contains("exit", uefi, StringComparison.Ordinal);
    }

    [Fact]
    public void A_uuid_named_pxelinux_config_renders_the_machine_known_by_that_uuid()
    {
        var files = TestPolicies.Plan(TestPlans.Create(), seen: new SeenClients());
        var byUuid = PxelinuxConfigNames.LookupChain(TestPlans.Stranger, null, TestPlans.LabUuid)[0];
        Assert.True(PxelinuxConfigNames.TryParse(byUuid, out var request) && request.Kind == ConfigLookupKind.Uuid, byUuid);

        var text = Text(files.Generate(byUuid, TestPlans.Server, null));

        Assert.Contains("MENU TITLE Lab menu", text, StringComparison.Ordinal);
        Assert.Null(files.Generate(PxelinuxConfigNames.LookupChain(TestPlans.Stranger, null, Guid.Parse("11111111-2222-4333-8444-555555555555"))[0], TestPlans.Server, null));
    }

    private static string Text(ReadOnlyMemory<byte>? bytes)
    {
        Assert.NotNull(bytes);
        return Encoding.UTF8.GetString(bytes.Value.Span);
    }
}
