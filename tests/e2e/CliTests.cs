using PxeHost.E2E.Tests.Support;
using PxeHost.Tests.Support;

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
        var root = Directory.CreateTempSubdirectory("pxehost-cli-").FullName;
        try
        {
            var settings = new Dictionary<string, string> { ["--tftp-root"] = root, ["--listen"] = "127.0.0.1", [option] = value };
            string[] arguments = ["exec", PxeHostProcess.CliPath, "serve", "--no-dhcp", .. settings.SelectMany(s => new[] { s.Key, s.Value })];
            var result = await ExternalProgram.RunAsync("dotnet", arguments);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("pxehost serve: " + message, result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Fact]
    public async Task Serve_without_no_dhcp_says_dhcp_is_not_built_yet()
    {
        var root = Directory.CreateTempSubdirectory("pxehost-cli-").FullName;
        try
        {
            var result = await ExternalProgram.RunAsync("dotnet", ["exec", PxeHostProcess.CliPath, "serve", "--tftp-root", root]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--no-dhcp", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root);
        }
    }
}
