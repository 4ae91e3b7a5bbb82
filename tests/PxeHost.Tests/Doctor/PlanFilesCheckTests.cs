using PxeHost.Configuration;
using PxeHost.Doctor;
using PxeHost.Files;
using PxeHost.Unix;

namespace PxeHost.Tests.Doctor;

/// <summary>
/// doctor finds the plan's kernels and initrds missing (file:line, as serve refuses them) or unreadable
/// by the user the server runs as: a 0600 file is read fine by root, which checks at start, and then
/// refused to nobody, which serves it.
/// </summary>
public sealed class PlanFilesCheckTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxehost-doctor-").FullName;

    public PlanFilesCheckTests() => File.SetUnixFileMode(_root, (UnixFileMode)Convert.ToInt32("755", 8));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static UnixAccount Nobody => UnixAccount.Find("nobody")!;

    [Fact]
    public void A_missing_kernel_blocks_naming_the_line()
    {
        File.WriteAllText(Path.Combine(_root, "initrd.gz"), "an initrd");

        var findings = Check();

        var missing = Assert.Single(findings, f => f.Severity == DoctorSeverity.Blocks);
        Assert.StartsWith($"{Path.Combine(_root, "pxehost.yaml")}:4: ", missing.What, StringComparison.Ordinal);
        Assert.Contains("'vmlinuz' cannot be served", missing.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_only_its_owner_may_read_blocks_naming_the_server_user()
    {
        File.WriteAllText(Path.Combine(_root, "vmlinuz"), "a kernel");
        File.WriteAllText(Path.Combine(_root, "initrd.gz"), "an initrd");
        File.SetUnixFileMode(Path.Combine(_root, "initrd.gz"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var blocked = Assert.Single(Check(), f => f.Severity == DoctorSeverity.Blocks);

        Assert.Contains(":5: ", blocked.What, StringComparison.Ordinal);
        Assert.Contains($"the server runs as nobody, and nobody cannot read {Path.Combine(_root, "initrd.gz")} (mode 0600", blocked.What, StringComparison.Ordinal);
        Assert.StartsWith($"chmod o+r {Path.Combine(_root, "initrd.gz")}", blocked.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_the_user_cannot_enter_blocks_too()
    {
        var inner = Directory.CreateDirectory(Path.Combine(_root, "private")).FullName;
        File.WriteAllText(Path.Combine(inner, "kernel"), "a kernel");
        File.SetUnixFileMode(inner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal($"nobody cannot enter {inner} (mode 0700, owner uid {UnixAccount.Current.UserId} gid {UnixAccount.Current.GroupId}: no permission for others)",
            ReadAccess.Denied(Path.Combine(inner, "kernel"), Nobody));
    }

    [Fact]
    public void Files_present_and_readable_are_ok()
    {
        File.WriteAllText(Path.Combine(_root, "vmlinuz"), "a kernel");
        File.WriteAllText(Path.Combine(_root, "initrd.gz"), "an initrd");

        var finding = Assert.Single(Check());

        Assert.Equal(DoctorSeverity.Ok, finding.Severity);
        Assert.Equal("the plan's 2 kernel and initrd references are served (2 files checked readable by nobody)", finding.What);
    }

    private DoctorFinding[] Check()
    {
        var path = Path.Combine(_root, "pxehost.yaml");
        File.WriteAllText(path, """
            profiles:
              linux:
                title: Linux
                kernel: vmlinuz
                initrds: [initrd.gz]
            """);
        var config = ConfigLoader.Load(path, out var errors);
        Assert.True(config is not null, string.Join("\n", errors));
        return new PlanFilesCheck(new FileTreeOptions { Root = _root }, Nobody).Check(config).ToArray();
    }
}
