using System.Text;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Tftp;

/// <summary>Hostile names over the wire: none may return a byte from outside the root.</summary>
public sealed class TftpTraversalTests
{
    private const string Secret = "TOP-SECRET-OUTSIDE-THE-ROOT";

    public static TheoryData<string> HostileNames() =>
    [
        "../secret.txt",
        "../../../../../../etc/passwd",
        "/../secret.txt",
        "..\\secret.txt",
        "sub\\..\\..\\secret.txt",
        "sub/../../secret.txt",
        "sub/./../../secret.txt",
        "./../secret.txt",
        "%2e%2e/secret.txt",
        "%2E%2E%2Fsecret.txt",
        "..%2fsecret.txt",
        "sub%2f..%2f..%2fsecret.txt",
        "C:\\secret.txt",
        "c:/secret.txt",
        "link-to-secret",
        "link-to-outside-dir/secret.txt",
        "sub/link-chain",
        "sub/\u0001secret.txt",
        "secret.txt\u007f",
        "sub/..",
        "..",
        ".",
        "/",
        "sub",
        "////",
        "dangling-link",
        "%252e%252e/secret.txt",
        "..%255csecret.txt",
        "%c0%ae%c0%ae/secret.txt",
        "%c0%ae%c0%ae%c0%afsecret.txt",
        "\u2024\u2024/secret.txt",
        "\uff0e\uff0e/secret.txt",
        "..\uff0fsecret.txt",
        "..\u2215secret.txt",
        "SUB/../../secret.txt",
        "Sub/%2E%2e/%2e%2E/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "///../secret.txt",
        "sub/inside.txt/../../secret.txt",
        "..;/secret.txt",
        "escape-relative.txt",
        "sub/escape-deep.txt",
        "proc-self/environ",
        "proc-self/cwd/../secret.txt",
        "proc-environ",
        "loop-a",
        "/proc/self/environ",
        "/proc/self/root/etc/passwd",
        "proc-root/etc/passwd",
    ];

    /// <summary>Names too long for a path component or a path, made of the ways out.</summary>
    public static TheoryData<string> LongNames() =>
    [
        string.Concat(Enumerable.Repeat("../", 2000)) + "secret.txt",
        string.Concat(Enumerable.Repeat("a/", 1500)) + string.Concat(Enumerable.Repeat("../", 1501)) + "secret.txt",
        "sub/" + new string('x', 4000),
    ];

    [Theory]
    [MemberData(nameof(LongNames))]
    public async Task A_very_long_hostile_name_is_refused(string name) => await Hostile_name_is_refused_and_nothing_is_served(name);

    [Fact]
    public async Task Overlong_utf8_dots_and_slashes_as_raw_bytes_are_no_way_out()
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        byte[][] names = [[0xC0, 0xAE, 0xC0, 0xAE, (byte)'/'], [(byte)'.', (byte)'.', 0xC0, 0xAF], [0xE0, 0x80, 0xAE, 0xE0, 0x80, 0xAE, (byte)'/'], [(byte)'.', (byte)'.', 0xC1, 0x9C]];
        foreach (var name in names)
        {
            using var client = new RawTftpClient();
            client.SendRaw([0, 1, .. name, .. "secret.txt\0octet\0"u8], server.Endpoint);
            var error = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
            Assert.Contains(error.Code, new[] { TftpErrorCode.FileNotFound, TftpErrorCode.AccessViolation });
        }
    }

    [Fact]
    public async Task The_secret_by_its_absolute_path_and_through_proc_self_root_is_refused()
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        var secret = Path.Combine(Path.GetDirectoryName(server.Root)!, "outside", "secret.txt");
        foreach (var name in new[] { secret, "/proc/self/root" + secret, "proc-root" + secret, "proc-self/root" + secret })
        {
            using var client = new RawTftpClient();
            client.RequestRead(server.Endpoint, name);
            var error = Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        }

        using var legit = new RawTftpClient();
        legit.RequestRead(server.Endpoint, "sub/inside.txt");
        Assert.Equal("inside"u8.ToArray(), (await legit.ReceiveDataAsync()).Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task Hostile_name_is_refused_and_nothing_is_served(string name)
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, name);

        var reply = await client.ReceiveAsync();
        var error = Assert.IsType<TftpErrorPacket>(reply);
        Assert.Contains(error.Code, new[] { TftpErrorCode.FileNotFound, TftpErrorCode.AccessViolation });
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        var line = Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.Refused).Select(l => l.Message));
        Assert.Contains("refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_line_breaks_cannot_write_a_fake_line_into_the_log()
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "x\n12:00:00.000 info: tftp 10.0.0.9:2000 \"pxelinux.0\" Completed\r\u001b[2J");

        Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync());
        var line = Assert.Single(server.Logs.WithEventId(LogEventIds.Tftp.Refused).Select(l => l.Message));
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u001b', line);
        Assert.Contains("\"x\\n12:00:00.000 info: tftp 10.0.0.9:2000 \"pxelinux.0\" Completed\\r\\x1b[2J\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_byte_ends_the_name_and_the_rest_is_not_a_path()
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        using var client = new RawTftpClient();
        var datagram = new byte[] { 0, 1 }.Concat(Encoding.ASCII.GetBytes("sub/inside.txt\0../secret.txt\0octet\0")).ToArray();
        client.SendRaw(datagram, server.Endpoint);

        // "../secret.txt" lands in the mode field: an unknown mode, refused.
        Assert.Equal(TftpErrorCode.IllegalOperation, Assert.IsType<TftpErrorPacket>(await client.ReceiveAsync()).Code);
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_root_is_served()
    {
        await using var server = await TftpServerHarness.StartAsync(prepareRoot: PrepareRoot);
        using var client = new RawTftpClient();
        client.RequestRead(server.Endpoint, "inside-link");
        Assert.Equal("inside"u8.ToArray(), (await client.ReceiveDataAsync()).Payload.ToArray());
    }

    private static void PrepareRoot(string root)
    {
        // The harness's root has a private parent folder: the secret sits beside the root and in a sibling.
        var outside = Path.Combine(Path.GetDirectoryName(root)!, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(root)!, "secret.txt"), Secret);
        Directory.CreateDirectory(Path.Combine(root, "sub"));
        File.WriteAllText(Path.Combine(root, "sub", "inside.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(root, "link-to-secret"), Path.Combine(outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(root, "link-to-outside-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(root, "sub", "link-chain"), Path.Combine(root, "link-to-secret"));
        File.CreateSymbolicLink(Path.Combine(root, "dangling-link"), Path.Combine(outside, "missing"));
        File.CreateSymbolicLink(Path.Combine(root, "inside-link"), Path.Combine(root, "sub", "inside.txt"));
        File.CreateSymbolicLink(Path.Combine(root, "escape-relative.txt"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(root, "sub", "escape-deep.txt"), "../../outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(root, "proc-self"), "/proc/self");
        Directory.CreateSymbolicLink(Path.Combine(root, "proc-root"), "/proc/self/root");
        File.CreateSymbolicLink(Path.Combine(root, "proc-environ"), "/proc/self/environ");
        File.CreateSymbolicLink(Path.Combine(root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(root, "loop-b"), "loop-a");
    }
}
