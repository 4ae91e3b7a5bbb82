using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace PxeHost.Tests.Http;

/// <summary>
/// A corpus of hostile request targets, written byte for byte on a socket (an HttpClient would
/// normalise them first): encoded, double-encoded and overlong-UTF-8 dots and slashes, backslashes,
/// NULs, absolute forms, links out of the root and into /proc/self, very long paths, lookalike
/// characters. None may return a byte of the secret beside the root, and the server still serves.
/// </summary>
public sealed partial class HttpTraversalTests(HostileRoot root) : IClassFixture<HostileRoot>
{
    public static TheoryData<string> HostileTargets()
    {
        var targets = new TheoryData<string>
        {
            "/../secret.txt",
            "/../../../../../../../../etc/passwd",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/.%2e/secret.txt",
            "/%2e./secret.txt",
            "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt",
            "/..%252fsecret.txt",
            "/%25252e%25252e/secret.txt",
            "/..\\secret.txt",
            "/sub\\..\\..\\secret.txt",
            "/sub/..%5c..%5csecret.txt",
            "/%5c..%5csecret.txt",
            "/..%255csecret.txt",
            "/%c0%ae%c0%ae/secret.txt",
            "/%c0%ae%c0%ae%c0%afsecret.txt",
            "/%e0%80%ae%e0%80%ae/secret.txt",
            "/..%c0%afsecret.txt",
            "/..%c1%9csecret.txt",
            "/%f0%80%80%ae%f0%80%80%ae/secret.txt",
            "/sub/inside.txt%00/../../secret.txt",
            "/%00../secret.txt",
            "/..%00/secret.txt",
            "/SUB/../../secret.txt",
            "/Sub/%2E%2e/%2e%2E/secret.txt",
            "//etc/passwd",
            "/etc/passwd",
            "///../secret.txt",
            "//../secret.txt",
            "http://127.0.0.1/../secret.txt",
            "http://127.0.0.1/%2e%2e/secret.txt",
            "/./../secret.txt",
            "/sub/./../.././secret.txt",
            "/sub/inside.txt/../../../secret.txt",
            "/sub/..%2f..%2fsecret.txt",
            "/sub%2f..%2f..%2fsecret.txt",
            "/sub/%2f%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..;/secret.txt",
            "/%u002e%u002e/secret.txt",
            "/%e2%80%a4%e2%80%a4/secret.txt",
            "/%ef%bc%8e%ef%bc%8e/secret.txt",
            "/..%ef%bc%8fsecret.txt",
            "/..%e2%88%95secret.txt",
            "/escape-absolute.txt",
            "/escape-relative.txt",
            "/sub/escape-deep.txt",
            "/escape-dir/secret.txt",
            "/proc-self/environ",
            "/proc-self/cmdline",
            "/proc-environ",
            "/loop-a",
            "/proc-root{secret}",
            "/proc-self/root{secret}",
            "{secret}",
            "/proc-self/cwd/../secret.txt",
        };
        targets.Add("/" + string.Concat(Enumerable.Repeat("../", 2000)) + "secret.txt");
        targets.Add("/" + string.Concat(Enumerable.Repeat("%2e%2e%2f", 600)) + "secret.txt");
        targets.Add("/" + string.Concat(Enumerable.Repeat("a/", 1500)) + string.Concat(Enumerable.Repeat("../", 1501)) + "secret.txt");
        targets.Add("/sub/" + new string('x', 4000));
        return targets;
    }

    [Theory]
    [MemberData(nameof(HostileTargets))]
    public async Task A_hostile_target_never_gets_a_byte_from_outside_the_root(string target)
    {
        // {secret}: the secret's absolute path, which /proc/self/root would reach from the machine's root.
        var resolved = target.Replace("{secret}", Path.Combine(root.Folder, "outside", "secret.txt"), StringComparison.Ordinal);
        foreach (var range in new[] { false, true })
        {
            var response = await SendRawAsync(resolved, range);
            var status = StatusLine().Match(response);
            Assert.True(status.Success, $"no HTTP status line for {resolved}: {Truncate(response)}");
            Assert.DoesNotContain(HostileRoot.Marker, response, StringComparison.Ordinal);
            Assert.DoesNotContain("root:x:0:0", response, StringComparison.Ordinal);
            var code = int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(code is not (200 or 206), $"{resolved} answered {code}: {Truncate(response)}");
            Assert.True(code < 500, $"{resolved} answered {code}");
        }

        var legit = await SendRawAsync("/sub/inside.txt", range: false);
        Assert.StartsWith("HTTP/1.1 200 ", legit, StringComparison.Ordinal);
        Assert.EndsWith(HostileRoot.Inside, legit, StringComparison.Ordinal);
        Assert.DoesNotContain(root.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    private async Task<string> SendRawAsync(string target, bool range)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(root.Address.Host, root.Address.Port);
        var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{(range ? "Range: bytes=0-\r\n" : string.Empty)}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var body = new MemoryStream();
        await stream.CopyToAsync(body).WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.Latin1.GetString(body.ToArray());
    }

    private static string Truncate(string text) => text.Length > 400 ? text[..400] + "…" : text;

    [GeneratedRegex(@"^HTTP/1\.[01] (\d{3}) ")]
    private static partial Regex StatusLine();
}
