using System.Text.Json;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>The command line as people use it: help that names the program and its values, errors that say what to type.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Usage_lines_name_the_program_pxehost()
    {
        var help = await PxeHostAsync("serve", "--help");
        Assert.Contains("Usage:\n  pxehost serve [options]", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PxeHost.Cli", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boot_shows_initrds_as_optional_and_refuses_a_mistyped_option_after_the_kernel()
    {
        var help = await PxeHostAsync("boot", "--help");
        Assert.Contains("pxehost boot <KERNEL> [<INITRD>...] [options]", help.Stdout, StringComparison.Ordinal);

        var kernel = Path.GetTempFileName();
        try
        {
            var typo = await PxeHostAsync("boot", kernel, "--interfce", "lo", "--proxy");
            Assert.Equal(1, typo.ExitCode);
            Assert.Contains("pxehost boot: --interfce: unknown option; did you mean --interface?", typo.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Options:", typo.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(kernel);
        }
    }

    [Theory]
    [InlineData("serve", "--interface <IF>")]
    [InlineData("serve", "--dhcp-range <FIRST-LAST>")]
    [InlineData("serve", "--tftp-root <DIR>")]
    [InlineData("serve", "--http-port <PORT>")]
    [InlineData("serve", "--tftp-port <PORT>")]
    [InlineData("serve", "--reserve <MAC=ADDRESS[,HOSTNAME]>")]
    [InlineData("serve", "--otlp-endpoint <URL>")]
    [InlineData("boot", "--cmdline <\"TEXT\">")]
    [InlineData("leases", "--data-dir <DIR>")]
    [InlineData("explain", "--mac <MAC>")]
    public async Task Value_placeholders_say_what_the_value_is(string command, string shown)
    {
        var help = await PxeHostAsync(command, "--help");
        Assert.Contains(shown, help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_required_choice_of_dhcp_range_proxy_or_no_dhcp_is_stated_in_help_and_in_the_error()
    {
        var help = await PxeHostAsync("serve", "--help");
        Assert.Contains("Choose one: --dhcp-range FIRST-LAST (full DHCP), --proxy (beside the network's own DHCP server) or --no-dhcp (files only).", help.Stdout, StringComparison.Ordinal);

        var none = await PxeHostAsync("serve", "--interface", "lo", "--tftp-root", Path.GetTempPath());
        Assert.Equal(2, none.ExitCode);
        Assert.Contains(
            "pxehost serve: --dhcp-range: give a pool (--dhcp-range FIRST-LAST) to serve full DHCP, or --proxy to boot beside the network's own DHCP server, or --no-dhcp to serve files only",
            none.Stderr,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "serve", "--tftp-rot", "/srv/tftp" }, "--tftp-root")]
    [InlineData(new[] { "serv", "--proxy" }, "serve")]
    public async Task A_typo_gets_did_you_mean_without_the_whole_help(string[] arguments, string meant)
    {
        var result = await PxeHostAsync(arguments);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Did you mean one of the following?\n" + meant, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_bash_prints_a_script_that_asks_the_program_what_may_follow()
    {
        var script = await PxeHostAsync("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("complete -o default -F _pxehost pxehost", script.Stdout, StringComparison.Ordinal);

        var suggested = await PxeHostAsync("[suggest:13]", "serve --tftp-");
        var lines = suggested.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("--tftp-root", lines);
        Assert.Contains("--tftp-port", lines);
        Assert.All(lines, l => Assert.StartsWith("--tftp-", l, StringComparison.Ordinal));

        // The script itself, in bash, as the shell calls it on Tab after "pxehost serve --tftp-ro".
        const string tab = """
            pxehost() { dotnet exec "$0" "$@"; }
            eval "$(pxehost completion bash)"
            COMP_LINE="pxehost serve --tftp-ro"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(pxehost serve --tftp-ro); COMP_CWORD=2
            _pxehost
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var completed = await ChildProgram.RunAsync("bash", ["-c", tab, PxeHostProcess.CliPath]);
        Assert.Equal("--tftp-root", completed.Stdout.Trim());
    }

    [Fact]
    public async Task Leases_prints_a_header_row_and_json_stays_a_bare_array()
    {
        var data = Directory.CreateTempSubdirectory("pxehost-leases-").FullName;
        try
        {
            await ChildProgram.RunCheckedAsync("sqlite3", Path.Combine(data, "leases.db"),
                "CREATE TABLE leases (address TEXT NOT NULL PRIMARY KEY, mac TEXT NOT NULL, state INTEGER NOT NULL, start INTEGER NOT NULL, expires INTEGER NOT NULL, hostname TEXT, client_id TEXT) WITHOUT ROWID;"
                + "PRAGMA user_version = 2;"
                + "INSERT INTO leases VALUES ('10.0.0.57', '52:54:00:12:34:56', 1, 1764400000000, 1764403600000, 'web1', NULL);");
            var listing = await PxeHostAsync("leases", "--data-dir", data);
            var lines = listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("ADDRESS         MAC               STATE    EXPIRES (UTC)        HOSTNAME", lines[0]);
            Assert.Equal("10.0.0.57       52:54:00:12:34:56 active   2025-11-29T08:06:40Z web1", lines[1]);

            var json = await PxeHostAsync("leases", "--data-dir", data, "--json");
            using var document = JsonDocument.Parse(json.Stdout);
            Assert.Equal("10.0.0.57", Assert.Single(document.RootElement.EnumerateArray()).GetProperty("address").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task An_otlp_endpoint_that_is_not_an_http_url_is_refused_before_anything_starts()
    {
        var refused = await PxeHostAsync("serve", "--no-dhcp", "--listen", "127.0.0.1", "--tftp-root", Path.GetTempPath(), "--otlp-endpoint", "collector:4317");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("pxehost serve: --otlp-endpoint: 'collector:4317' is not an http:// or https:// URL", refused.Stderr, StringComparison.Ordinal);
    }

    private static Task<ChildProgram.Result> PxeHostAsync(params string[] arguments) =>
        ChildProgram.RunAsync("dotnet", ["exec", PxeHostProcess.CliPath, .. arguments]);
}
