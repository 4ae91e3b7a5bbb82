using PxeHost.Unix;

namespace PxeHost.Tests.Unix;

/// <summary>The capability sets of /proc/PID/status, named as the start log shows them.</summary>
public sealed class ProcessCapabilitiesTests : IDisposable
{
    private readonly string _status = Path.GetTempFileName();

    [Fact]
    public void Reads_the_named_set_of_a_status_file_and_names_its_capabilities()
    {
        File.WriteAllText(_status, "Name:\tpxehost\nCapInh:\t0000000000002400\nCapPrm:\t0000000000002400\nCapEff:\t0000000000002400\nCapBnd:\t000001ffffffffff\n");

        var effective = ProcessCapabilities.Read(_status, "CapEff");
        Assert.Equal(0x2400UL, effective.Mask);
        Assert.True(effective.Has(ProcessCapabilities.NetRaw));
        Assert.True(effective.Has(ProcessCapabilities.NetBindService));
        Assert.False(effective.Has(0));
        Assert.Equal("net_bind_service, net_raw", effective.ToString());
        Assert.Equal("all", ProcessCapabilities.Read(_status, "CapBnd").ToString());
        Assert.Equal("none", ProcessCapabilities.Read(_status, "CapAmb").ToString());
    }

    [Fact]
    public void Names_a_set_short_of_one_capability_one_by_one()
    {
        var text = new ProcessCapabilities(0x1ffffffffffUL & ~(1UL << 21)).ToString();
        Assert.StartsWith("chown, dac_override,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sys_admin", text, StringComparison.Ordinal);
        Assert.EndsWith("checkpoint_restore", text, StringComparison.Ordinal);
    }

    [Fact]
    public void This_process_has_an_effective_set()
    {
        var own = ProcessCapabilities.Effective();
        Assert.Equal(UnixAccount.Current.UserId == 0, own.Has(ProcessCapabilities.NetRaw));
    }

    public void Dispose() => File.Delete(_status);
}
