using System.Text;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;
using PxeHost.Unix;

namespace PxeHost.Tests.Files;

/// <summary>
/// Confinement of requested names to the root, on a real folder tree with symlinks, through a chain
/// holding only the root. Every test gets its own temporary tree: base/root (the root), base/outside and
/// base/secret.txt; and runs with both ways of opening beneath the root — openat2(2), and the
/// component walk kernels before 5.6 get.
/// </summary>
public sealed class RootFileSourceTests : IDisposable
{
    private const string Secret = "top secret";

    private static readonly bool[] Openat2AndWalk = [true, false];

    private readonly string _base;
    private readonly string _root;
    private readonly string _outside;

    public RootFileSourceTests()
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
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-sub-abs"), Path.Combine(_root, "sub"));
        File.CreateSymbolicLink(Path.Combine(_root, "sub", "link-up-in"), "../boot.bin");

        // Symlinks that lead out of it.
        File.CreateSymbolicLink(Path.Combine(_root, "link-out"), "../outside/secret.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "link-out-abs"), Path.Combine(_base, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "link-out-dotdot"), Path.Combine(_root, "..", "secret.txt"));
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
        var root = new RootFileSource(_root);
        Assert.Equal(UnixFileSystem.RealPath(_root), root.RealPath);
        Assert.Equal($"root {root.RealPath}", root.Name);
    }

    [Fact]
    public void Missing_or_non_directory_root_is_rejected()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new RootFileSource(Path.Combine(_base, "nope")));
        Assert.Throws<DirectoryNotFoundException>(() => new RootFileSource(Path.Combine(_base, "secret.txt")));
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
            foreach (var openat2 in Openat2AndWalk)
            {
                AssertServed(Chain(caseInsensitive, openat2), requested, expected);
            }
        }
    }

    [Theory]
    [InlineData("SUB/NESTED.BIN", "sub/nested.bin")]
    [InlineData("mixed/case.txt", "Mixed/Case.TXT")]
    [InlineData("/MIXED\\CASE.txt", "Mixed/Case.TXT")]
    [InlineData("Boot.Bin", "boot.bin")]
    public void Case_insensitive_lookup_only_when_enabled(string requested, string expected)
    {
        AssertServed(Chain(caseInsensitive: true), requested, expected);

        var strict = Chain().Open(requested, FileRequest.Local);
        Assert.Null(strict.File);
        Assert.Equal(TftpErrorCode.FileNotFound, strict.Refusal!.Code);
    }

    [Fact]
    public void Exact_name_wins_over_a_case_insensitive_match()
    {
        File.WriteAllText(Path.Combine(_root, "BOOT.BIN"), "upper");
        AssertServed(Chain(caseInsensitive: true), "BOOT.BIN", "BOOT.BIN");
        AssertServed(Chain(caseInsensitive: true), "boot.bin", "boot.bin");
    }

    [Theory]
    [InlineData("link-in", "sub/nested.bin")]
    [InlineData("link-in-abs", "boot.bin")]
    [InlineData("link-sub/nested.bin", "sub/nested.bin")]
    [InlineData("link-sub/deeper/grub.cfg", "sub/deeper/grub.cfg")]
    [InlineData("link-sub-abs/deeper/grub.cfg", "sub/deeper/grub.cfg")]
    [InlineData("link-self/boot.bin", "boot.bin")]
    [InlineData("sub/link-up-in", "boot.bin")]
    [InlineData("link-sub/link-up-in", "boot.bin")]
    public void Symlink_to_a_file_inside_the_root_is_served_by_its_real_path(string requested, string expected)
    {
        foreach (var openat2 in Openat2AndWalk)
        {
            AssertServed(Chain(openat2: openat2), requested, expected);
        }
    }

    [Fact]
    public void Root_reached_through_a_symlink_serves_its_files_and_absolute_links_written_through_it()
    {
        var rootLink = Path.Combine(_base, "root-link");
        Directory.CreateSymbolicLink(rootLink, _root);
        File.CreateSymbolicLink(Path.Combine(_root, "via-root-link"), Path.Combine(rootLink, "boot.bin"));
        foreach (var openat2 in Openat2AndWalk)
        {
            var chain = new FileChain([new RootFileSource(rootLink, caseInsensitive: false, openat2)]);
            AssertServed(chain, "sub/nested.bin", "sub/nested.bin");
            AssertServed(chain, "via-root-link", "boot.bin");
        }
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
        "link-out-dotdot",
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
        "boot.bin/x",
        "\uff0e\uff0e/secret.txt",
    ];

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Hostile_name_is_refused(string name)
    {
        name = name.Replace("{outside}", Path.Combine(_base, "secret.txt"), StringComparison.Ordinal);
        foreach (var caseInsensitive in new[] { false, true })
        {
            foreach (var openat2 in Openat2AndWalk)
            {
                var result = Chain(caseInsensitive, openat2).Open(name, FileRequest.Local);
                Assert.Null(result.File);
                Assert.Contains(result.Refusal!.Code, new[] { TftpErrorCode.AccessViolation, TftpErrorCode.FileNotFound });
                Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Reason), $"no reason for refusing '{name}'");
            }
        }
    }

    [Fact]
    public void Case_insensitive_lookup_does_not_open_a_way_out()
    {
        var chain = Chain(caseInsensitive: true);
        Assert.Equal(TftpErrorCode.AccessViolation, chain.Open("LINK-OUT", FileRequest.Local).Refusal!.Code);
        Assert.Equal(TftpErrorCode.AccessViolation, chain.Open("Link-Dir-Out/SECRET.TXT", FileRequest.Local).Refusal!.Code);
        Assert.Null(chain.Open("LINK-UP/Secret.Txt", FileRequest.Local).File);
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
        Assert.Equal(TftpErrorCode.AccessViolation, Chain().Open(name, FileRequest.Local).Refusal!.Code);
    }

    [Theory]
    [InlineData("link-out", "outside/secret.txt")]
    [InlineData("link-out-abs", "secret.txt")]
    [InlineData("link-out-dotdot", "secret.txt")]
    [InlineData("link-dir-out", "outside")]
    [InlineData("link-dir-out/secret.txt", "outside/secret.txt")]
    [InlineData("link-up/secret.txt", "secret.txt")]
    [InlineData("chain1", "secret.txt")]
    public void Symlink_leaving_the_root_is_an_access_violation_that_names_the_target(string name, string target)
    {
        foreach (var openat2 in Openat2AndWalk)
        {
            var result = Chain(openat2: openat2).Open(name, FileRequest.Local);
            Assert.Null(result.File);
            Assert.Equal(TftpErrorCode.AccessViolation, result.Refusal!.Code);
            Assert.Equal($"resolves through a symlink to {Path.Combine(_base, target)}, outside the root", result.Refusal.Reason);
        }
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("link-sub")]
    [InlineData("link-self")]
    [InlineData("no-such-file")]
    [InlineData("dangling")]
    [InlineData("boot.bin/x")]
    [InlineData("")]
    [InlineData("/")]
    public void Missing_files_and_folders_are_not_found(string name)
    {
        foreach (var openat2 in Openat2AndWalk)
        {
            var result = Chain(openat2: openat2).Open(name, FileRequest.Local);
            Assert.Null(result.File);
            Assert.Equal(TftpErrorCode.FileNotFound, result.Refusal!.Code);
        }
    }

    [Fact]
    public void A_folder_is_refused_as_not_a_regular_file()
    {
        foreach (var openat2 in Openat2AndWalk)
        {
            Assert.Equal("not a regular file: a folder", Chain(openat2: openat2).Open("sub/deeper", FileRequest.Local).Refusal!.Reason);
        }
    }

    [Fact]
    public void A_symlink_loop_is_refused_and_says_so()
    {
        foreach (var openat2 in Openat2AndWalk)
        {
            var result = Chain(openat2: openat2).Open("loop-a", FileRequest.Local);
            Assert.Equal(TftpErrorCode.FileNotFound, result.Refusal!.Code);
            Assert.Contains("too many symlinks", result.Refusal.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_name_lets_the_next_source_answer()
    {
        var source = new RootFileSource(_root);
        Assert.True(source.Open("no-such-file", FileRequest.Local).IsNotMine);
        Assert.True(source.Open("dangling", FileRequest.Local).IsNotMine);
        Assert.True(source.Open("boot.bin/x", FileRequest.Local).IsNotMine);
    }

    [Fact]
    public void An_opened_file_carries_its_version_for_caches_and_etags()
    {
        var path = Path.Combine(_root, "boot.bin");
        var modified = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, modified);
        using var file = Chain().Open("boot.bin", FileRequest.Local).File!;

        Assert.Equal(new FileStamp(Path.Join(UnixFileSystem.RealPath(_root), "boot.bin"), 4, modified), file.Stamp);
        Assert.Equal($"\"4-{modified.Ticks:x}\"", file.Stamp!.ETag);
        Assert.Equal($"root {UnixFileSystem.RealPath(_root)}", file.Source);
    }

    [Fact]
    public void Describes_a_file_that_is_not_readable_by_the_servers_user()
    {
        var path = Path.Combine(_root, "private.bin");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var text = Descriptor.DescribeUnreadable(path);
        var user = UnixAccount.Current;
        Assert.Contains($"mode 0600 is not readable by the server's user {user.Name}", text, StringComparison.Ordinal);
        Assert.Contains($"uid {UnixFileSystem.EffectiveUserId}", text, StringComparison.Ordinal);
        Assert.Contains("chmod o+r", text, StringComparison.Ordinal);
        Assert.Contains($"a group {user.Name} is in", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describes_a_world_readable_file_without_blaming_its_mode()
    {
        var path = Path.Combine(_root, "public.bin");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var text = Descriptor.DescribeUnreadable(path);
        Assert.Contains("mode 0644", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is not readable", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_is_an_access_violation_with_the_explanation()
    {
        var answer = Descriptor.Failed(Errno.EACCES, Path.Combine(_root, "boot.bin"));
        Assert.Equal(TftpErrorCode.AccessViolation, answer.Refusal!.Code);
        Assert.StartsWith("permission denied: mode 0", answer.Refusal.Reason, StringComparison.Ordinal);
    }

    private FileChain Chain(bool caseInsensitive = false, bool openat2 = true) =>
        new([new RootFileSource(_root, caseInsensitive, openat2)]);

    private void AssertServed(FileChain chain, string requested, string expectedRelative)
    {
        var answer = chain.Open(requested, FileRequest.Local);
        Assert.True(answer.File is not null, $"'{requested}' refused: {answer.Refusal?.Code} {answer.Refusal?.Reason}");
        using var file = answer.File;
        Assert.Equal(Path.Join(UnixFileSystem.RealPath(_root), expectedRelative), file.DisplayName);
        var bytes = new byte[file.Length];
        Assert.Equal(bytes.Length, file.Read(0, bytes));
        Assert.Equal(File.ReadAllText(Path.Combine(_root, expectedRelative)), Encoding.UTF8.GetString(bytes));
    }
}
