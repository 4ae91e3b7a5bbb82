using PxeHost.Events;
using System.Globalization;
using System.Security.Cryptography;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Tftp;

/// <summary>
/// The server against the real TFTP clients people use: curl, tftp-hpa and atftp, started by the
/// test. Every file must arrive with the same SHA-256, from empty to 40 MiB (past the 16-bit block
/// number at blksize 512).
/// </summary>
public sealed class TftpInteropTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        int[] sizes = [0, 511, 512, 513, 1 << 20, 40 << 20];
        foreach (var client in Clients.Keys)
        {
            foreach (var size in sizes)
            {
                data.Add(client, size);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<string, int, string, string, (string, string[])>> Clients = new()
    {
        ["curl"] = (host, port, file, output) => ("curl", ["-sS", "--max-time", "120", "-o", output, $"tftp://{host}:{port}/{file}"]),
        ["curl-blksize-1468"] = (host, port, file, output) =>
            ("curl", ["-sS", "--max-time", "120", "--tftp-blksize", "1468", "-o", output, $"tftp://{host}:{port}/{file}"]),
        ["tftp-hpa"] = (host, port, file, output) => ("tftp", ["-m", "octet", host, Port(port), "-c", "get", file, output]),
        ["atftp-blksize-1468"] = (host, port, file, output) =>
            ("atftp", ["--option", "blksize 1468", "-g", "-r", file, "-l", output, host, Port(port)]),
        ["atftp-windowsize-16"] = (host, port, file, output) =>
            ("atftp", ["--option", "windowsize 16", "--option", "blksize 1468", "-g", "-r", file, "-l", output, host, Port(port)]),
        ["atftp-windowsize-8-blksize-512"] = (host, port, file, output) =>
            ("atftp", ["--option", "windowsize 8", "-g", "-r", file, "-l", output, host, Port(port)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Real_client_receives_the_file_intact(string client, int size)
    {
        await using var server = await TftpServerHarness.StartAsync();
        var content = TftpServerHarness.RandomBytes(size);
        server.WriteFile("images/file.bin", content);
        var output = server.Root + "-" + client + ".out";
        try
        {
            var (program, arguments) = Clients[client]("127.0.0.1", server.Endpoint.Port, "images/file.bin", output);
            var result = await ChildProgram.RunAsync(program, arguments, TimeSpan.FromMinutes(3));
            Assert.True(result.ExitCode == 0, $"{program} exited {result.ExitCode}: {result.Output}");
            Assert.True(File.Exists(output), $"{program} wrote no file: {result.Output}");
            Assert.Equal(Convert.ToHexString(SHA256.HashData(content)), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(output))));

            var line = Assert.Single(await server.TransferLinesAsync(1));
            Assert.Contains($"\"images/file.bin\" {size} bytes", line, StringComparison.Ordinal);
            Assert.Contains("Completed", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Netascii_mode_converts_line_ends_and_tftp_hpa_restores_them()
    {
        await using var server = await TftpServerHarness.StartAsync();
        var text = "default linux\nlabel linux\r\n  kernel vmlinuz\rend\n"u8.ToArray();
        server.WriteFile("pxelinux.cfg/default", text);
        var output = server.Root + "-netascii.out";
        try
        {
            var result = await ChildProgram.RunAsync("tftp", ["-m", "netascii", "127.0.0.1", Port(server.Endpoint.Port), "-c", "get", "pxelinux.cfg/default", output]);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(text, File.ReadAllBytes(output));
            Assert.Contains("Completed", Assert.Single(await server.TransferLinesAsync(1)), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Concurrent_transfers_of_one_file_read_it_from_disk_once()
    {
        const int clients = 16;

        // Every client is 127.0.0.1 here: the per-address limit is raised to let all of them in at once.
        await using var server = await TftpServerHarness.StartAsync(o => o with { MaxTransfersPerClient = clients });
        var content = TftpServerHarness.RandomBytes(3 << 20);
        server.WriteFile("initrd.img", content);
        var outputs = Enumerable.Range(0, clients).Select(i => $"{server.Root}-{i}.out").ToList();
        try
        {
            var runs = outputs.Select(o => ChildProgram.RunAsync("curl", ["-sS", "--tftp-blksize", "1468", "-o", o, $"tftp://127.0.0.1:{server.Endpoint.Port}/initrd.img"]));
            var results = await Task.WhenAll(runs);
            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            var expected = Convert.ToHexString(SHA256.HashData(content));
            Assert.All(outputs, o => Assert.Equal(expected, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(o)))));
            Assert.Equal(1, server.Metrics.Total(MetricNames.TftpCacheLoads));
            Assert.Equal(clients - 1, server.Metrics.Total(MetricNames.TftpCacheHits));
            await server.TransferLinesAsync(clients);
        }
        finally
        {
            outputs.ForEach(File.Delete);
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
