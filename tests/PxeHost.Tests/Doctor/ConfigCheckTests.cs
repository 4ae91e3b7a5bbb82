using PxeHost.Doctor;

namespace PxeHost.Tests.Doctor;

/// <summary>A config that does not load blocks, each error printed as the loader gives it: file:line: key: what.</summary>
public sealed class ConfigCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxehost-doctor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Broken_yaml_blocks_with_its_line()
    {
        var path = Path.Combine(_folder, "pxehost.yaml");
        File.WriteAllText(path, "profiles:\n  linux:\n    kernel: [vmlinuz\n");

        var (config, findings) = ConfigCheck.Check(path);

        Assert.Null(config);
        var finding = Assert.Single(findings);
        Assert.Equal(DoctorSeverity.Blocks, finding.Severity);
        Assert.StartsWith($"{path}:", finding.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_that_loads_is_ok()
    {
        var path = Path.Combine(_folder, "pxehost.yaml");
        File.WriteAllText(path, "profiles:\n  local: {title: Local disk, local: true}\n");

        var (config, findings) = ConfigCheck.Check(path);

        Assert.NotNull(config);
        Assert.Equal(DoctorSeverity.Ok, Assert.Single(findings).Severity);
    }
}
