using System.Net;
using System.Text;
using PxeHost.Boot;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tests.Files;

/// <summary>
/// The chain itself: sources asked in the order it was built with, the first answer wins, a refusal
/// ends the search, and names are checked once before any source sees them. Real files in a
/// temporary folder; the plan side is a small <see cref="IBootFiles"/> listing its files.
/// </summary>
public sealed class FileChainTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxh-chain-").FullName;

    public FileChainTests()
    {
        Directory.CreateDirectory(RootPath);
        Directory.CreateDirectory(Path.Combine(_folder, "system"));
    }

    private string RootPath => Path.Combine(_folder, "root");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_first_source_with_an_answer_wins_and_later_ones_are_not_asked()
    {
        var first = Write("system/a.efi", "first");
        var second = Write("system/b.efi", "second");
        var later = new RecordingSource();
        var chain = new FileChain([
            new NamedFileSource("one", new Dictionary<string, string> { ["boot.efi"] = first }),
            new NamedFileSource("two", new Dictionary<string, string> { ["boot.efi"] = second }),
            later,
        ]);

        Assert.Equal(("first", "one"), Read(chain, "boot.efi"));
        Assert.Empty(later.Asked);
    }

    [Fact]
    public void A_source_without_the_name_passes_it_on_in_order()
    {
        var asked = new List<string>();
        var one = new RecordingSource("one", asked);
        var two = new RecordingSource("two", asked);
        var three = new NamedFileSource("three", new Dictionary<string, string> { ["x"] = Write("system/x", "three") });
        var chain = new FileChain([one, two, three]);

        Assert.Equal(("three", "three"), Read(chain, "x"));
        Assert.Equal(["one", "two"], asked);
    }

    [Fact]
    public void A_refusal_ends_the_search_so_a_later_source_cannot_serve_the_name()
    {
        Write("secret.txt", "outside the root");
        File.CreateSymbolicLink(Path.Combine(RootPath, "undionly.kpxe"), Path.Combine(_folder, "secret.txt"));
        var later = new RecordingSource();
        var chain = new FileChain([
            new RootFileSource(RootPath),
            new NamedFileSource("system bootloaders", new Dictionary<string, string> { ["undionly.kpxe"] = Write("system/undionly.kpxe", "ipxe") }),
            later,
        ]);

        var answer = chain.Open("undionly.kpxe", FileRequest.Local);
        Assert.Null(answer.File);
        Assert.Equal(TftpErrorCode.AccessViolation, answer.Refusal!.Code);
        Assert.Contains("outside the root", answer.Refusal.Reason, StringComparison.Ordinal);
        Assert.Empty(later.Asked);
    }

    [Theory]
    [InlineData("\\sub\\.\\file", "sub/file")]
    [InlineData("//sub//file", "sub/file")]
    [InlineData("./file", "file")]
    public void Sources_see_the_name_normalized(string requested, string seen)
    {
        var source = new RecordingSource();
        new FileChain([source]).Open(requested, FileRequest.Local);
        Assert.Equal([seen], source.Asked);
    }

    [Theory]
    [InlineData("../file", TftpErrorCode.AccessViolation)]
    [InlineData("%2e%2e/file", TftpErrorCode.AccessViolation)]
    [InlineData("C:\\file", TftpErrorCode.AccessViolation)]
    [InlineData("file\u0001", TftpErrorCode.AccessViolation)]
    [InlineData("/", TftpErrorCode.FileNotFound)]
    public void Names_refused_by_the_chain_never_reach_a_source(string requested, TftpErrorCode code)
    {
        var source = new RecordingSource();
        var answer = new FileChain([source]).Open(requested, FileRequest.Local);
        Assert.Equal(code, answer.Refusal!.Code);
        Assert.Empty(source.Asked);
    }

    [Fact]
    public void A_name_no_source_has_is_not_found_and_the_reason_names_where_it_was_looked_for()
    {
        var chain = FileChain.Create(RootPath, systemFiles: new Dictionary<string, string> { ["x"] = Write("system/x", "x") });
        var answer = chain.Open("missing.efi", FileRequest.Local);
        Assert.Equal(TftpErrorCode.FileNotFound, answer.Refusal!.Code);
        Assert.Equal($"not found in root {new RootFileSource(RootPath).RealPath}, system bootloaders", answer.Refusal.Reason);
    }

    [Theory]
    [InlineData("SNPONLY.EFI", "snponly.efi", "SNPONLY.EFI (differs only in case)")]
    [InlineData("pxelinux.0", "pxelinux.efi", "pxelinux.0 (.0, not .efi)")]
    [InlineData("boot/grubx64.efi", "boot/grubx64.0", "grubx64.efi (.efi, not .0)")]
    public void A_name_the_root_has_in_another_case_or_with_another_boot_extension_is_named_as_a_near_miss(string present, string requested, string near)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(RootPath, present))!);
        Write($"root/{present}", "x");
        var answer = FileChain.Create(RootPath).Open(requested, FileRequest.Local);
        Assert.Equal(TftpErrorCode.FileNotFound, answer.Refusal!.Code);
        Assert.EndsWith($"; in the root: {near}", answer.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_with_no_near_miss_says_only_where_it_was_looked_for()
    {
        Write("root/snponly.efi", "x");
        var answer = FileChain.Create(RootPath).Open("ipxe.efi", FileRequest.Local);
        Assert.StartsWith($"not found in root {new RootFileSource(RootPath).RealPath}", answer.Refusal!.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("in the root:", answer.Refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_usual_chain_is_root_then_system_bootloaders_then_plan_files_then_rendered_configurations()
    {
        Write("root/in-root", "root");
        var systemFiles = new Dictionary<string, string>
        {
            ["in-root"] = Write("system/1", "system"),
            ["in-system"] = Write("system/2", "system"),
        };
        var plan = new ListedBootFiles(
            published: new Dictionary<string, string>
            {
                ["in-root"] = Write("system/3", "published"),
                ["in-system"] = Write("system/4", "published"),
                ["in-plan"] = Write("system/5", "published"),
            },
            generated: ["in-root", "in-system", "in-plan", "rendered"]);
        var chain = FileChain.Create(RootPath, systemFiles: systemFiles, bootFiles: plan);

        Assert.Equal(["root", "system bootloaders", "plan files", "plan configurations"], chain.Sources.Select(s => s.Name.Split(' ')[0] == "root" ? "root" : s.Name));
        Assert.Equal("root", Read(chain, "in-root").Content);
        Assert.Equal("system", Read(chain, "in-system").Content);
        Assert.Equal("published", Read(chain, "in-plan").Content);
        Assert.Equal(("rendered for 192.0.2.1 to 192.0.2.50", "plan configurations"), Read(chain, "rendered"));
    }

    [Fact]
    public void A_rendered_configuration_is_text_in_memory_without_a_version()
    {
        var chain = new FileChain([new GeneratedFileSource(new ListedBootFiles(generated: ["pxelinux.cfg/01-52-54-00-12-34-56"]))]);
        using var file = chain.Open("pxelinux.cfg/01-52-54-00-12-34-56", Request).File!;

        Assert.Equal("text/plain; charset=utf-8", file.MediaType);
        Assert.Null(file.Stamp);
        Assert.Equal("(rendered pxelinux.cfg/01-52-54-00-12-34-56)", file.DisplayName);
    }

    [Fact]
    public void A_named_file_that_vanished_lets_the_next_source_answer()
    {
        var chain = new FileChain([
            new NamedFileSource("gone", new Dictionary<string, string> { ["x"] = Path.Combine(_folder, "system", "deleted") }),
            new NamedFileSource("there", new Dictionary<string, string> { ["x"] = Write("system/x", "there") }),
        ]);
        Assert.Equal(("there", "there"), Read(chain, "x"));
    }

    [Fact]
    public void Plan_files_are_looked_up_on_every_request()
    {
        var plan = new ListedBootFiles(published: new Dictionary<string, string>());
        var chain = new FileChain([NamedFileSource.Published(plan)]);
        Assert.NotNull(chain.Open("late.img", Request).Refusal);

        plan.Published.Add("late.img", Write("system/late.img", "added by a reload"));
        Assert.Equal("added by a reload", Read(chain, "late.img").Content);
    }

    private static FileRequest Request => new(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.50"));

    private static (string Content, string Source) Read(FileChain chain, string name)
    {
        var answer = chain.Open(name, Request);
        Assert.True(answer.File is not null, $"'{name}' refused: {answer.Refusal?.Reason}");
        using var file = answer.File;
        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        return (Encoding.UTF8.GetString(bytes), file.Source);
    }

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_folder, relative);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A source that has no files and remembers what it was asked (and, in <paramref name="order"/>, when).</summary>
    private sealed class RecordingSource(string name = "recording", List<string>? order = null) : IFileSource
    {
        public List<string> Asked { get; } = [];

        public string Name => name;

        public FileAnswer Open(string path, FileRequest request)
        {
            Asked.Add(path);
            order?.Add(name);
            return FileAnswer.NotMine;
        }
    }

    /// <summary>A plan's files as lists: published names to real paths, and names it renders.</summary>
    private sealed class ListedBootFiles(Dictionary<string, string>? published = null, string[]? generated = null) : IBootFiles
    {
        public Dictionary<string, string> Published { get; } = published ?? [];

        string? IBootFiles.Published(string relativePath) => Published.GetValueOrDefault(relativePath);

        public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client) =>
            generated?.Contains(relativePath) == true ? Encoding.UTF8.GetBytes($"rendered for {server} to {client}") : null;
    }
}
