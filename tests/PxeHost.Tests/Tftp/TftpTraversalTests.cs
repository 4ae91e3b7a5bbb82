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
    ];

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
    }
}
