using System.Buffers.Binary;
using System.Security.Cryptography;
using PxeHost.E2E.Tests.Support;
using PxeHost.Protocol.Iso;

namespace PxeHost.E2E.Tests.Iso;

/// <summary>
/// Corrupt images in a serving server's isos/ folder: a truncated image, a directory that loops back to
/// the root, a file whose extent lies past the end, and noise. Each is refused with its own reason (in
/// the log and in `iso list`), `iso add` refuses one with exit 2, and the same process keeps serving a
/// good image's kernel over TFTP and HTTP, byte for byte.
/// </summary>
public sealed class CorruptImageServeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Corrupt_images_are_refused_each_with_its_reason_while_a_good_one_keeps_serving()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-corrupt-iso-");
        try
        {
            var good = await TestIsos.PayloadAsync(work, payload);
            var data = Path.Combine(work, "data");
            var added = await PxeHostProcess.RunAsync(lab.ServerNamespace, "iso", "add", good, "--name", "good", "--data-dir", data);
            Assert.True(added.ExitCode == 0, added.Output);
            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "proxyDHCP listening on veth0",
                "serve", "--interface", "veth0", "--proxy", "--data-dir", data, "--probe-timeout", "0");
            await server.WaitForLineAsync("HTTP serving on", TimeSpan.FromSeconds(30));

            var bytes = await File.ReadAllBytesAsync(good);
            var corrupt = new Dictionary<string, (byte[] Image, string Reason)>
            {
                ["truncated"] = (bytes[..(bytes.Length / 2)], "the image is truncated"),
                ["looping"] = (Looping(bytes), "(a directory loop)"),
                ["past-the-end"] = (PastTheEnd(bytes), "has an extent at block 16777215"),
                ["noise"] = (RandomNumberGenerator.GetBytes(1 << 20), "no \"CD001\" identifier"),
            };
            var isos = Path.Combine(data, "isos");
            foreach (var (name, (image, _)) in corrupt)
            {
                await File.WriteAllBytesAsync(Path.Combine(isos, name + ".iso"), image);
            }

            foreach (var (name, (_, reason)) in corrupt)
            {
                await server.WaitForLineAsync($"image {name} refused: ", Limit);
                Assert.Contains(server.Lines, l => l.Contains($"image {name} refused: ", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
            }

            var listed = (await PxeHostProcess.RunAsync(lab.ServerNamespace, "iso", "list", "--data-dir", data)).Stdout;
            Assert.All(corrupt, c => Assert.Contains(c.Value.Reason, listed, StringComparison.Ordinal));

            var refused = await PxeHostProcess.RunAsync(lab.ServerNamespace, "iso", "add", Path.Combine(isos, "looping.iso"), "--name", "again", "--data-dir", data);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("(a directory loop)", refused.Output, StringComparison.Ordinal);

            Assert.False(server.HasExited);
            var kernel = await File.ReadAllBytesAsync(payload.KernelPath);
            var tftpCopy = Path.Combine(work, "vmlinuz.tftp");
            await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.ClientNamespace, "curl", "-sS", "-o", tftpCopy, $"tftp://{lab.ServerAddress}/iso/good/boot/vmlinuz");
            Assert.Equal(kernel, await File.ReadAllBytesAsync(tftpCopy));
            var httpCopy = Path.Combine(work, "vmlinuz.http");
            await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.ClientNamespace, "curl", "-sS", "--fail", "-o", httpCopy, $"http://{lab.ServerAddress}/iso/good/boot/vmlinuz");
            Assert.Equal(kernel, await File.ReadAllBytesAsync(httpCopy));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// A files-only server (<c>--no-dhcp</c>, beside another PXE server) serves the images of the data folder
    /// it is given: a kernel from inside an image over TFTP and HTTP.
    /// </summary>
    [Fact]
    public async Task A_files_only_server_serves_the_images_of_its_data_folder()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await LabNetwork.CreateAsync();
        var work = ServedFolder.Create("pxehost-files-iso-");
        try
        {
            var good = await TestIsos.PayloadAsync(work, payload);
            var data = Path.Combine(work, "data");
            var added = await PxeHostProcess.RunAsync(lab.ServerNamespace, "iso", "add", good, "--name", "good", "--data-dir", data);
            Assert.True(added.ExitCode == 0, added.Output);
            var root = Directory.CreateDirectory(Path.Combine(work, "tftp")).FullName;
            // A copy dropped in while the server was down is indexed (hashed whole) before it serves: it says so.
            File.Copy(good, Path.Combine(data, "isos", "dropped.iso"));
            await using var server = await PxeHostProcess.StartAsync(lab.ServerNamespace, "HTTP serving on",
                "serve", "--no-dhcp", "--listen", lab.ServerAddress, "--tftp-root", root, "--http-port", "80", "--data-dir", data);
            Assert.Contains(server.Lines, l => l.StartsWith("pxehost serve: indexing image dropped (", StringComparison.Ordinal) && l.EndsWith(" MiB)", StringComparison.Ordinal));
            Assert.DoesNotContain(server.Lines, l => l.Contains("indexing image good", StringComparison.Ordinal));

            var kernel = await File.ReadAllBytesAsync(payload.KernelPath);
            foreach (var url in new[] { $"tftp://{lab.ServerAddress}/iso/good/boot/vmlinuz", $"http://{lab.ServerAddress}/iso/good/boot/vmlinuz" })
            {
                var copy = Path.Combine(work, "copy");
                await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.ClientNamespace, "curl", "-sS", "--fail", "-o", copy, url);
                Assert.Equal(kernel, await File.ReadAllBytesAsync(copy));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The root's "boot" directory record pointed back at the root's own extent.</summary>
    private static byte[] Looping(byte[] good)
    {
        var volume = IsoVolume.Open(new MemoryIsoMedium(good));
        var root = volume.Root.Extents[0].Offset;
        var image = (byte[])good.Clone();
        SetExtent(image, RecordOf(image, volume.Root, volume.Find("boot")!), (uint)(root / IsoVolume.BlockSize));
        return image;
    }

    /// <summary>The kernel's record in "boot" sent to block 16777215, far past the image's end.</summary>
    private static byte[] PastTheEnd(byte[] good)
    {
        var volume = IsoVolume.Open(new MemoryIsoMedium(good));
        var image = (byte[])good.Clone();
        SetExtent(image, RecordOf(image, volume.Find("boot")!, volume.Find("boot/vmlinuz")!), 0x00FF_FFFF);
        return image;
    }

    /// <summary>Where, in <paramref name="directory"/>'s extent, the record of <paramref name="child"/> starts (matched by its extent).</summary>
    private static int RecordOf(byte[] image, IsoEntry directory, IsoEntry child)
    {
        var start = (int)directory.Extents[0].Offset;
        var block = (uint)(child.Extents[0].Offset / IsoVolume.BlockSize);
        for (var at = start; at < start + directory.Extents[0].Length;)
        {
            int length = image[at];
            if (length == 0)
            {
                at = (at / IsoVolume.BlockSize + 1) * IsoVolume.BlockSize;
                continue;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(at + 2)) == block && image[at + 32] > 1)
            {
                return at;
            }

            at += length;
        }

        throw new InvalidOperationException($"no record of {child.Name} in {directory.Name}");
    }

    /// <summary>ECMA-119 9.1.3: the extent's location, both-endian.</summary>
    private static void SetExtent(byte[] image, int record, uint block)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(record + 2), block);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(record + 6), block);
    }
}
