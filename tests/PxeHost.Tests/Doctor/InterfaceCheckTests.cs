using PxeHost.Doctor;

namespace PxeHost.Tests.Doctor;

/// <summary>A named interface that does not exist blocks, listing those that do; loopback (up, with 127.0.0.1) is ok.</summary>
public sealed class InterfaceCheckTests
{
    [Fact]
    public void A_missing_interface_blocks_and_lists_the_machine_s_interfaces()
    {
        var (findings, usable) = new InterfaceCheck().Check(["nosuch0"]);

        var finding = Assert.Single(findings);
        Assert.Equal(DoctorSeverity.Blocks, finding.Severity);
        Assert.StartsWith("interface nosuch0 does not exist (this machine has: ", finding.What, StringComparison.Ordinal);
        Assert.Contains("lo 127.0.0.1/8", finding.What, StringComparison.Ordinal);
        Assert.Empty(usable);
    }

    [Fact]
    public void Loopback_is_up_with_its_address()
    {
        var (findings, usable) = new InterfaceCheck().Check(["lo"]);

        Assert.Equal(DoctorFinding.Ok("interface lo is up with 127.0.0.1/8"), Assert.Single(findings));
        Assert.Equal("lo", Assert.Single(usable).Name);
    }
}
