using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests;

/// <summary>Bad settings are refused at start, naming the option and what is wrong.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("--tftp-root", "/nonexistent-pxehost-root", "--tftp-root: '/nonexistent-pxehost-root' is not an existing directory")]
    [InlineData("--tftp-port-range", "5000-6000", "--tftp-port-range: '5000-6000' is not a port range of the form FIRST:LAST")]
    [InlineData("--tftp-port-range", "6000:5000", "--tftp-port-range: '6000:5000': ports must satisfy 1 <= FIRST <= LAST <= 65535")]
    [InlineData("--listen", "10.0.0", "--listen: '10.0.0' is not an IPv4 address")]
    [InlineData("--tftp-max-blksize", "7", "--tftp-max-blksize: 7 is outside 8-65464 (RFC 2348)")]
    public async Task Bad_setting_is_refused_with_the_option_and_the_reason(string option, string value, string message)
    {
        var root = ServedFolder.Create("pxehost-cli-");
        try
        {
            var settings = new Dictionary<string, string> { ["--tftp-root"] = root, ["--listen"] = "127.0.0.1", [option] = value };
            string[] arguments = ["exec", PxeHostProcess.CliPath, "serve", "--no-dhcp", .. settings.SelectMany(s => new[] { s.Key, s.Value })];
            var result = await ChildProgram.RunAsync("dotnet", arguments);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("pxehost serve: " + message, result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Fact]
    public async Task A_profile_naming_a_kernel_that_is_not_there_is_refused_at_start_with_its_line_and_path()
    {
        var root = ServedFolder.Create("pxehost-cli-");
        try
        {
            var config = Path.Combine(root, "pxehost.yaml");
            await File.WriteAllTextAsync(config, "profiles:\n  installer:\n    kernel: debian/linux\n    initrds: [http://images.example/initrd.gz]\n");
            var result = await ChildProgram.RunAsync("dotnet", ["exec", PxeHostProcess.CliPath, "serve", "--no-dhcp", "--listen", "127.0.0.1", "--tftp-root", root, "--config", config]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"pxehost serve: {config}:3: profiles.installer.kernel: 'debian/linux' cannot be served: not found in root {root}", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("initrd.gz", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { "--dhcp-range", "10.0.0.10-10.0.0.20" }, "--interface: is required")]
    [InlineData(new[] { "--interface", "lo" }, "--dhcp-range: give a pool (--dhcp-range FIRST-LAST) to serve full DHCP, or --proxy")]
    [InlineData(new[] { "--interface", "lo", "--proxy", "--dhcp-range", "127.0.0.10-127.0.0.20" }, "--proxy: --proxy and --dhcp-range exclude each other")]
    [InlineData(new[] { "--interface", "no-such-if0", "--proxy" }, "--interface: no interface named 'no-such-if0'")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "10.1.0.10-10.1.0.20" }, "--dhcp-range: '10.1.0.10-10.1.0.20' is on no --interface's subnet: for a relayed subnet say its prefix, e.g. 10.1.0.10-10.1.0.20/24")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "127.0.0.1-127.0.0.20" }, "--dhcp-range: '127.0.0.1-127.0.0.20' contains this server's own address 127.0.0.1")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "10.1.0.10-10.1.1.20/24" }, "--dhcp-range: '10.1.0.10-10.1.1.20/24': FIRST and LAST must be in one /24 subnet")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "127.0.0.10-127.0.0.20", "--reserve", "52:54:00:00:00:01=10.9.9.9" }, "--reserve: '52:54:00:00:00:01=10.9.9.9': 10.9.9.9 is in no --dhcp-range's subnet")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "127.0.0.10-127.0.0.20", "--mtu", "10", "--ntp", "10.0.0" }, "--ntp: '10.0.0' is not an IPv4 address")]
    [InlineData(new[] { "--interface", "lo", "--dhcp-range", "127.0.0.10-127.0.0.20", "--mtu", "10" }, "--mtu: 10 is outside 68-65535")]
    public async Task Dhcp_settings_that_cannot_work_are_refused_before_anything_listens(string[] settings, string message)
    {
        var result = await ChildProgram.RunAsync("dotnet", ["exec", PxeHostProcess.CliPath, "serve", .. settings]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pxehost serve: " + message, result.Output, StringComparison.Ordinal);
    }
}
