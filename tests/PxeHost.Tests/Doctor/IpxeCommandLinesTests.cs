using PxeHost.Configuration;
using PxeHost.Doctor;

namespace PxeHost.Tests.Doctor;

/// <summary>A profile's command line with a word iPXE takes for its own (||, &amp;&amp;, ;, #…) blocks booting it through iPXE.</summary>
public sealed class IpxeCommandLinesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxehost-ipxe-cmdline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private PxeHostConfig Load(string cmdline)
    {
        var kernel = Path.Combine(_folder, "vmlinuz");
        File.WriteAllText(kernel, "k");
        var path = Path.Combine(_folder, "pxehost.yaml");
        File.WriteAllText(path, $"""
            profiles:
              rescue:
                kernel: {kernel}
                cmdline: {cmdline}
            defaults:
              boot: rescue
            """);
        return ConfigLoader.Load(path, out var errors) ?? throw new InvalidOperationException(string.Join('\n', errors));
    }

    [Theory]
    [InlineData("console=ttyS0 || reboot", "'||'")]
    [InlineData("quiet ; shell", "';'")]
    [InlineData("quiet #comment", "'#'")]
    public void A_word_ipxe_ends_a_command_at_is_named_with_its_profile(string cmdline, string word)
    {
        var finding = Assert.Single(IpxeCommandLines.Check(Load($"\"{cmdline}\""), "pxehost.yaml"));

        Assert.Equal(DoctorSeverity.Blocks, finding.Severity);
        Assert.StartsWith("pxehost.yaml: profiles.rescue.cmdline: ", finding.What, StringComparison.Ordinal);
        Assert.Contains(word, finding.What, StringComparison.Ordinal);
        Assert.Contains("loader: pxelinux or grub", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_command_line_is_not_a_finding() =>
        Assert.Empty(IpxeCommandLines.Check(Load("console=ttyS0 root=/dev/sda1 a||b"), "pxehost.yaml"));
}
