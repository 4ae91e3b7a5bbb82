using PxeHost.Protocol.Tftp;
using PxeHost.Tftp;
using PxeHost.Unix;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// Confinement of requested names to the TFTP root, on a real folder tree with symlinks. Every test
/// gets its own temporary tree: base/root (the TFTP root), base/outside and base/secret.txt.
/// </summary>
public sealed class TftpRootTests : IDisposable
{
    private const string Secret = "top secret";

    private readonly string _base;
    private readonly string _root;
    private readonly string _outside;

    public TftpRootTests()
    {
        _base = Directory.CreateTempSubdirectory("pxh-tftproot-").FullName;
        _root = Directory.CreateDirectory(Path.Combine(_base, "root")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_base, "outside")).FullName;

        File.WriteAllText(Path.Combine(_base, "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), Secret);

        File.WriteAllText(Path.Combine(_root, "boot.bin"), "boot");
        Directory.CreateDirectory(Path.Combine(_root, "sub", "deeper"));
        File.WriteAllText(Path.Combine(_root, "sub", "nested.bin"), "nested");
        File.WriteAllText(Path.Combine(_root, "sub", "deeper", "grub.cfg"), "cfg");
        Directory.CreateDirectory(Path.Combine(_root, "Mixed"));
        File.WriteAllText(Path.Combine(_root, "Mixed", "Case.TXT"), "mixed");

        // Symlinks that stay inside the root.
        File.CreateSymbolicLink(Path.Combine(_root, "link-in"), "sub/nested.bin");
        File.CreateSymbolicLink(Path.Combine(_root, "link-in-abs"), Path.Combine(_root, "boot.bin"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-sub"), "sub");

        // Symlinks that lead out of it.
        File.CreateSymbolicLink(Path.Combine(_root, "link-out"), "../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "link-out-abs"), Path.Combine(_base, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-dir-out"), _outside);
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-self"), ".");
        File.CreateSymbolicLink(Path.Combine(_root, "chain1"), "chain2");
        File.CreateSymbolicLink(Path.Combine(_root, "chain2"), "sub/chain3");
        File.CreateSymbolicLink(Path.Combine(_root, "sub", "chain3"), "../../secret.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), "does-not-exist");
        File.CreateSymbolicLink(Path.Combine(_root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(_root, "loop-b"), "loop-a");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public void Root_path_is_the_real_path()
    {
        var root = new TftpRoot(_root, caseInsensitive: false);
        Assert.Equal(UnixFileSystem.RealPath(_root), root.RealPath);
    }

    [Fact]
    public void Missing_or_non_directory_root_is_rejected()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new TftpRoot(Path.Combine(_base, "nope"), caseInsensitive: false));
        Assert.Throws<DirectoryNotFoundException>(() => new TftpRoot(Path.Combine(_base, "secret.txt"), caseInsensitive: false));
    }

    [Theory]
    [InlineData("boot.bin", "boot.bin")]
    [InlineData("sub/nested.bin", "sub/nested.bin")]
    [InlineData("sub/deeper/grub.cfg", "sub/deeper/grub.cfg")]
    [InlineData("/sub/nested.bin", "sub/nested.bin")]
    [InlineData("//sub//nested.bin", "sub/nested.bin")]
    [InlineData("sub\\nested.bin", "sub/nested.bin")]
    [InlineData("\\sub\\deeper\\grub.cfg", "sub/deeper/grub.cfg")]
    [InlineData("./sub/./nested.bin", "sub/nested.bin")]
    public void Serves_files_inside_the_root(string requested, string expected)
    {
        foreach (var caseInsensitive in new[] { false, true })
        {
            AssertServed(new TftpRoot(_root, caseInsensitive), requested, expected);
        }
    }

    [Theory]
    [InlineData("SUB/NESTED.BIN", "sub/nested.bin")]
    [InlineData("mixed/case.txt", "Mixed/Case.TXT")]
    [InlineData("/MIXED\\CASE.txt", "Mixed/Case.TXT")]
    [InlineData("Boot.Bin", "boot.bin")]
    public void Case_insensitive_lookup_only_when_enabled(string requested, string expected)
    {
        AssertServed(new TftpRoot(_root, caseInsensitive: true), requested, expected);

        var strict = new TftpRoot(_root, caseInsensitive: false).Resolve(requested);
        Assert.Null(strict.FullPath);
        Assert.Equal(TftpErrorCode.FileNotFound, strict.Error);
    }

    [Fact]
    public void Exact_name_wins_over_a_case_insensitive_match()
    {
        File.WriteAllText(Path.Combine(_root, "BOOT.BIN"), "upper");
        AssertServed(new TftpRoot(_root, caseInsensitive: true), "BOOT.BIN", "BOOT.BIN");
        AssertServed(new TftpRoot(_root, caseInsensitive: true), "boot.bin", "boot.bin");
    }

    [Theory]
    [InlineData("link-in", "sub/nested.bin")]
    [InlineData("link-in-abs", "boot.bin")]
    [InlineData("link-sub/nested.bin", "sub/nested.bin")]
    [InlineData("link-sub/deeper/grub.cfg", "sub/deeper/grub.cfg")]
    [InlineData("link-self/boot.bin", "boot.bin")]
    public void Symlink_to_a_file_inside_the_root_is_served_by_its_real_path(string requested, string expected)
    {
        AssertServed(new TftpRoot(_root, caseInsensitive: false), requested, expected);
    }

    [Fact]
    public void Root_reached_through_a_symlink_serves_its_files()
    {
        var rootLink = Path.Combine(_base, "root-link");
        Directory.CreateSymbolicLink(rootLink, _root);
        var root = new TftpRoot(rootLink, caseInsensitive: false);
        Assert.Equal(UnixFileSystem.RealPath(_root), root.RealPath);
        AssertServed(root, "sub/nested.bin", "sub/nested.bin");
    }

    /// <summary>Hostile names; "{outside}" stands for the absolute path of a real file outside the root.</summary>
    public static TheoryData<string> HostileNames() =>
    [
        "../secret.txt",
        "..\\secret.txt",
        "..",
        "../",
        "/../secret.txt",
        "/../../etc/passwd",
        "../../../../../../../../etc/passwd",
        "a/../../secret.txt",
        "sub/../../secret.txt",
        "sub/../boot.bin/../../secret.txt",
        "sub\\..\\..\\secret.txt",
        "%2e%2e%2fsecret.txt",
        "%2E%2E/secret.txt",
        "..%2fsecret.txt",
        "%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e/secret.txt",
        "C:\\Windows\\win.ini",
        "c:/x",
        "C:secret.txt",
        "boot.bin\u0001",
        "\u0001",
        "sub/\u0001/nested.bin",
        "boot.bin\n",
        "boot\tbin",
        "boot.bin\0",
        "\u007f",
        "\u0085boot.bin",
        "/etc/passwd",
        "{outside}",
        "link-out",
        "link-out-abs",
        "link-dir-out",
        "link-dir-out/secret.txt",
        "link-up/secret.txt",
        "link-up/outside/secret.txt",
        "link-self",
        "chain1",
        "chain2",
        "sub/chain3",
        "dangling",
        "loop-a",
        "sub",
        "sub/",
        "sub/deeper",
        "/sub/deeper/",
        "link-sub",
        "",
        ".",
        "./",
        "/",
        "//",
        "\\",
        "/./.",
        "no-such-file",
        "\uff0e\uff0e/secret.txt",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Hostile_name_is_refused(string name)
    {
        name = name.Replace("{outside}", Path.Combine(_base, "secret.txt"), StringComparison.Ordinal);
        foreach (var caseInsensitive in new[] { false, true })
        {
            var result = new TftpRoot(_root, caseInsensitive).Resolve(name);
            Assert.Null(result.FullPath);
            Assert.False(result.IsResolved);
            Assert.Contains(result.Error, new[] { TftpErrorCode.AccessViolation, TftpErrorCode.FileNotFound });
            Assert.False(string.IsNullOrWhiteSpace(result.Reason), $"no reason for refusing '{name}'");
        }
    }

    [Fact]
    public void Case_insensitive_lookup_does_not_open_a_way_out()
    {
        var root = new TftpRoot(_root, caseInsensitive: true);
        Assert.Equal(TftpErrorCode.AccessViolation, root.Resolve("LINK-OUT").Error);
        Assert.Equal(TftpErrorCode.AccessViolation, root.Resolve("Link-Dir-Out/SECRET.TXT").Error);
        Assert.Null(root.Resolve("LINK-UP/Secret.Txt").FullPath);
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("sub/../../secret.txt")]
    [InlineData("..\\secret.txt")]
    [InlineData("%2e%2e%2fsecret.txt")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("boot.bin\u0001")]
    public void Climbing_escaping_and_drive_names_are_access_violations(string name)
    {
        var result = new TftpRoot(_root, caseInsensitive: false).Resolve(name);
        Assert.Equal(TftpErrorCode.AccessViolation, result.Error);
    }

    [Theory]
    [InlineData("link-out")]
    [InlineData("link-out-abs")]
    [InlineData("link-dir-out")]
    [InlineData("link-dir-out/secret.txt")]
    [InlineData("link-up/secret.txt")]
    [InlineData("chain1")]
    [InlineData("link-self")]
    public void Symlink_leaving_the_root_is_an_access_violation_that_names_the_target(string name)
    {
        var result = new TftpRoot(_root, caseInsensitive: false).Resolve(name);
        Assert.Null(result.FullPath);
        Assert.Equal(TftpErrorCode.AccessViolation, result.Error);
        Assert.Contains("outside the root", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("no-such-file")]
    [InlineData("dangling")]
    [InlineData("")]
    [InlineData("/")]
    public void Missing_files_and_folders_are_not_found(string name)
    {
        var result = new TftpRoot(_root, caseInsensitive: false).Resolve(name);
        Assert.Null(result.FullPath);
        Assert.Equal(TftpErrorCode.FileNotFound, result.Error);
    }

    [Fact]
    public void Describes_a_file_that_is_not_world_readable()
    {
        var path = Path.Combine(_root, "private.bin");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var text = TftpRoot.DescribeUnreadable(path);
        Assert.Contains("mode 0600", text, StringComparison.Ordinal);
        Assert.Contains("world-readable", text, StringComparison.Ordinal);
        Assert.Contains($"uid {UnixFileSystem.EffectiveUserId}", text, StringComparison.Ordinal);
        Assert.Contains("chmod a+r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describes_a_world_readable_file_without_blaming_its_mode()
    {
        var path = Path.Combine(_root, "public.bin");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var text = TftpRoot.DescribeUnreadable(path);
        Assert.Contains("mode 0644", text, StringComparison.Ordinal);
        Assert.DoesNotContain("world-readable", text, StringComparison.Ordinal);
    }

    private void AssertServed(TftpRoot root, string requested, string expectedRelative)
    {
        var result = root.Resolve(requested);
        Assert.True(result.IsResolved, $"'{requested}' refused: {result.Error} {result.Reason}");
        Assert.Equal(Path.Join(UnixFileSystem.RealPath(_root), expectedRelative), result.FullPath);
        Assert.Equal(TftpErrorCode.NotDefined, result.Error);
        Assert.Equal(File.ReadAllText(Path.Combine(_root, expectedRelative)), File.ReadAllText(result.FullPath!));
    }
}
