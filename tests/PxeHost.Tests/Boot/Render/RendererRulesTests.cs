using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;

namespace PxeHost.Tests.Boot.Render;

/// <summary>The rules behind the golden files, one at a time: timeouts, escaping, and plans a loader cannot take.</summary>
public sealed class RendererRulesTests
{
    private static ResolvedEntry Linux(string id = "a", string title = "A") =>
        new(id, title, ProfileKind.Linux) { Kernel = "k/vmlinuz", Initrds = ["k/initrd.gz"], CommandLine = "quiet" };

    private static ClientPlan Plan(TimeSpan? timeout, params ResolvedEntry[] entries) => new()
    {
        Loader = BootLoader.Ipxe,
        Title = "Menu",
        Entries = entries,
        DefaultEntry = entries[^1].Id,
        Timeout = timeout,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 1)]
    [InlineData(101, 2)]
    [InlineData(10_000, 100)]
    [InlineData(3_599_600, 35996)]
    [InlineData(86_400_000, 35996)]
    public void Pxelinux_timeout_is_whole_tenths_rounded_up_and_never_zero(long milliseconds, long tenths) =>
        Assert.Equal(tenths, PxelinuxRenderer.Tenths(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Pxelinux_zero_timeout_has_no_menu_and_boots_the_default_at_once()
    {
        var text = PxelinuxRenderer.Render(Plan(TimeSpan.Zero, Linux("a"), Linux("b")));
        Assert.DoesNotContain("UI ", text, StringComparison.Ordinal);
        Assert.Contains("PROMPT 0\nTIMEOUT 0\nDEFAULT b\n", text, StringComparison.Ordinal);
        Assert.Contains("LABEL a\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pxelinux_wait_forever_is_timeout_0_under_menu_c32()
    {
        var text = PxelinuxRenderer.Render(Plan(null, Linux("a"), Linux("b")));
        Assert.Contains("UI menu.c32\nMENU TITLE Menu\nTIMEOUT 0\nDEFAULT b\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pxelinux_one_entry_with_a_timeout_still_shows_its_menu()
    {
        Assert.Contains("UI menu.c32\n", PxelinuxRenderer.Render(Plan(TimeSpan.FromSeconds(3), Linux())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    public void Grub_timeout_is_whole_seconds_rounded_up(long milliseconds, long seconds) =>
        Assert.Equal(seconds, GrubRenderer.Seconds(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Grub_waits_forever_with_minus_one() => Assert.Equal(-1, GrubRenderer.Seconds(null));

    [Fact]
    public void Ipxe_wait_forever_has_no_choose_timeout_and_zero_timeout_has_no_menu()
    {
        Assert.Contains("choose --default b selected", IpxeRenderer.Render(Plan(null, Linux("a"), Linux("b"))), StringComparison.Ordinal);
        var direct = IpxeRenderer.Render(Plan(TimeSpan.Zero, Linux("a"), Linux("b")));
        Assert.DoesNotContain("menu", direct, StringComparison.Ordinal);
        Assert.StartsWith("#!ipxe\n# PxeHost: Menu\nkernel k/vmlinuz initrd=initrd.gz quiet", direct, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\dos", "\"C:\\\\dos\"")]
    [InlineData("$5 ${x}", "\"\\$5 \\${x}\"")]
    [InlineData("two\nlines", "\"two lines\"")]
    public void Grub_titles_are_double_quoted_with_quote_backslash_and_dollar_escaped(string title, string quoted) =>
        Assert.Equal(quoted, GrubQuoting.Title(title));

    [Theory]
    [InlineData("console=ttyS0,115200n8", "console=ttyS0,115200n8")]
    [InlineData("(http,10.0.0.1:8080)/k", "(http,10.0.0.1:8080)/k")]
    [InlineData("a&b", "'a&b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("x=$y", "'x=$y'")]
    [InlineData("#x", "'#x'")]
    [InlineData("*.img", "'*.img'")]
    public void Grub_words_stay_plain_or_are_single_quoted(string word, string written) => Assert.Equal(written, GrubQuoting.Word(word));

    [Fact]
    public void Grub_passes_each_kernel_word_without_its_grouping_quotes()
    {
        Assert.Equal(["a", "b=c d", "e"], GrubQuoting.KernelWords(" a  b=\"c d\"\te "));
        Assert.Equal("a 'b=c d' e", GrubQuoting.CommandLine("a b=\"c d\" e"));
    }

    [Theory]
    [InlineData("debian/linux", "/debian/linux")]
    [InlineData("/debian/linux", "/debian/linux")]
    [InlineData("http://10.0.0.1/files/linux", "(http,10.0.0.1)/files/linux")]
    [InlineData("http://10.0.0.1:8080/files/linux", "(http,10.0.0.1:8080)/files/linux")]
    [InlineData("http://[fd00::1]:8080/k", "(http,[fd00::1]:8080)/k")]
    [InlineData("tftp://10.0.0.2/k", "(tftp,10.0.0.2)/k")]
    public void Grub_paths_are_on_root_or_on_the_http_server(string reference, string path) =>
        Assert.Equal(path, GrubRenderer.Path(reference, Linux(), "kernel"));

    [Fact]
    public void Grub_refuses_https_which_it_cannot_fetch() =>
        Assert.Throws<ArgumentException>(() => GrubRenderer.Path("https://example.org/k", Linux(), "kernel"));

    [Theory]
    [InlineData("Cost ${price}", "Cost $ {price}")]
    [InlineData("tab\there", "tab here")]
    [InlineData("$5", "$5")]
    public void Ipxe_titles_cannot_expand_settings_or_break_lines(string title, string shown) =>
        Assert.Equal(shown, IpxeRenderer.Text(title));

    [Fact]
    public void Memtest_gets_the_serial_console_unless_it_names_one()
    {
        var memtest = new ResolvedEntry("m", "M", ProfileKind.Memtest) { Kernel = "memtest86+x64.bin" };
        var serial = Plan(TimeSpan.Zero, memtest) with { SerialPort = 1 };
        Assert.Contains("APPEND console=ttyS1,115200\n", PxelinuxRenderer.Render(serial), StringComparison.Ordinal);
        Assert.DoesNotContain("console=", PxelinuxRenderer.Render(serial with { SerialPort = null }), StringComparison.Ordinal);
        var own = serial with { Entries = [memtest with { CommandLine = "console=ttyS0,9600" }] };
        Assert.Contains("APPEND console=ttyS0,9600\n", PxelinuxRenderer.Render(own), StringComparison.Ordinal);
    }

    public static TheoryData<string, ClientPlan> BadPlans() => new()
    {
        { "no entries", Plan(null, Linux()) with { Entries = [] } },
        { "id with a space", Plan(null, Linux("a b")) },
        { "id starting with a digit", Plan(null, Linux("1")) },
        { "duplicate id", Plan(null, Linux("a"), Linux("a")) },
        { "unknown default", Plan(null, Linux("a")) with { DefaultEntry = "b" } },
        { "serial port 4", Plan(null, Linux()) with { SerialPort = 4 } },
        { "no kernel", Plan(null, Linux() with { Kernel = null }) },
        { "kernel with a space", Plan(null, Linux() with { Kernel = "my kernel" }) },
        { "line break in the command line", Plan(null, Linux() with { CommandLine = "quiet\nDEFAULT evil" }) },
        { "chain without target", Plan(null, new ResolvedEntry("c", "C", ProfileKind.Chain)) },
        { "memtest without file", Plan(null, new ResolvedEntry("m", "M", ProfileKind.Memtest)) },
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public void Every_renderer_refuses_a_plan_it_cannot_write(string why, ClientPlan plan)
    {
        Assert.Throws<ArgumentException>(() => IpxeRenderer.Render(plan));
        Assert.Throws<ArgumentException>(() => PxelinuxRenderer.Render(plan));
        Assert.Throws<ArgumentException>(() => GrubRenderer.Render(plan));
        Assert.NotEmpty(why);
    }

    [Fact]
    public void Line_breaks_in_titles_cannot_start_a_directive()
    {
        var plan = Plan(TimeSpan.FromSeconds(5), Linux("a", "Title\nLABEL evil\r\nKERNEL x"));
        Assert.DoesNotContain("\nLABEL evil", PxelinuxRenderer.Render(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("\nLABEL evil", IpxeRenderer.Render(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("\nLABEL evil", GrubRenderer.Render(plan), StringComparison.Ordinal);
        Assert.Contains("MENU LABEL Title LABEL evil  KERNEL x\n", PxelinuxRenderer.Render(plan), StringComparison.Ordinal);
    }
}
