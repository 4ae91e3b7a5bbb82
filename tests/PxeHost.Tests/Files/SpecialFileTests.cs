using System.Net.Sockets;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tests.Files;

/// <summary>
/// Things in the root that are not regular files: a FIFO (opening one for reading blocks until a
/// writer comes, unless O_NONBLOCK), a Unix socket, a device, a folder swapped for a symlink while
/// names are being opened. Each is refused with a reason, quickly, and never leaks a byte from outside.
/// </summary>
public sealed class SpecialFileTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly bool[] Openat2AndWalk = [true, false];

    private readonly string _base = Directory.CreateTempSubdirectory("pxh-special-").FullName;

    public SpecialFileTests() => Directory.CreateDirectory(RootPath);

    private string RootPath => Path.Combine(_base, "root");

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task A_fifo_in_the_root_is_refused_without_waiting_for_a_writer()
    {
        await ChildProgram.RunCheckedAsync("mkfifo", Path.Combine(RootPath, "pipe"));
        foreach (var openat2 in Openat2AndWalk)
        {
            var answer = await Task.Run(() => Chain(openat2).Open("pipe", FileRequest.Local)).WaitAsync(Limit);
            Assert.Equal(TftpErrorCode.FileNotFound, answer.Refusal!.Code);
            Assert.Equal("not a regular file: a named pipe (FIFO)", answer.Refusal.Reason);
        }
    }

    [Fact]
    public async Task A_fifo_named_by_the_system_map_is_refused_without_waiting_for_a_writer()
    {
        var pipe = Path.Combine(_base, "pipe");
        await ChildProgram.RunCheckedAsync("mkfifo", pipe);
        var chain = new FileChain([new NamedFileSource("system bootloaders", new Dictionary<string, string> { ["ipxe.efi"] = pipe })]);

        var answer = await Task.Run(() => chain.Open("ipxe.efi", FileRequest.Local)).WaitAsync(Limit);
        Assert.Equal("not a regular file: a named pipe (FIFO)", answer.Refusal!.Reason);
    }

    [Fact]
    public async Task A_unix_socket_in_the_root_is_refused()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(RootPath, "control.sock")));
        foreach (var openat2 in Openat2AndWalk)
        {
            var answer = await Task.Run(() => Chain(openat2).Open("control.sock", FileRequest.Local)).WaitAsync(Limit);
            Assert.Equal(TftpErrorCode.FileNotFound, answer.Refusal!.Code);
            Assert.StartsWith("not a regular file: a socket", answer.Refusal.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_symlink_to_a_device_leaves_the_root_and_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(RootPath, "null"), "/dev/null");
        foreach (var openat2 in Openat2AndWalk)
        {
            var answer = Chain(openat2).Open("null", FileRequest.Local);
            Assert.Equal(TftpErrorCode.AccessViolation, answer.Refusal!.Code);
            Assert.Equal("resolves through a symlink to /dev/null, outside the root", answer.Refusal.Reason);
        }
    }

    [Fact]
    public void A_device_named_by_the_system_map_is_refused_as_not_a_regular_file()
    {
        var chain = new FileChain([new NamedFileSource("system bootloaders", new Dictionary<string, string> { ["zero.efi"] = "/dev/zero" })]);
        var answer = chain.Open("zero.efi", FileRequest.Local);
        Assert.Equal(TftpErrorCode.FileNotFound, answer.Refusal!.Code);
        Assert.Equal("not a regular file: a device", answer.Refusal.Reason);
    }

    [Fact]
    public void A_folder_replaced_by_a_symlink_to_outside_is_refused_at_the_open()
    {
        var folder = Directory.CreateDirectory(Path.Combine(RootPath, "images")).FullName;
        File.WriteAllText(Path.Combine(folder, "initrd"), "inside");
        var outside = Directory.CreateDirectory(Path.Combine(_base, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "initrd"), "SECRET");
        foreach (var openat2 in Openat2AndWalk)
        {
            var chain = Chain(openat2);
            using (var before = chain.Open("images/initrd", FileRequest.Local).File)
            {
                Assert.NotNull(before);
            }

            Directory.Move(folder, folder + ".old");
            Directory.CreateSymbolicLink(folder, outside);
            var answer = chain.Open("images/initrd", FileRequest.Local);
            Assert.Null(answer.File);
            Assert.Equal(TftpErrorCode.AccessViolation, answer.Refusal!.Code);
            File.Delete(folder);
            Directory.Move(folder + ".old", folder);
        }
    }

    [Fact]
    public async Task A_folder_swapped_with_a_symlink_to_outside_while_opening_never_serves_the_outside_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(RootPath, "images")).FullName;
        File.WriteAllText(Path.Combine(folder, "initrd"), "inside");
        var outside = Directory.CreateDirectory(Path.Combine(_base, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "initrd"), "SECRET");
        using var stop = new CancellationTokenSource();
        long attempts = 0;

        // Each state (folder in place, symlink out in place) lasts until two more opens have finished,
        // so at least one open runs wholly inside each state; the swaps themselves race the opens.
        void AfterTwoMoreOpens()
        {
            var target = Interlocked.Read(ref attempts) + 2;
            while (Interlocked.Read(ref attempts) < target && !stop.IsCancellationRequested)
            {
                Thread.Yield();
            }
        }

        var swapper = Task.Run(() =>
        {
            var swaps = 0;
            while (!stop.IsCancellationRequested)
            {
                AfterTwoMoreOpens();
                Directory.Move(folder, folder + ".old");
                Directory.CreateSymbolicLink(folder, outside);
                AfterTwoMoreOpens();
                File.Delete(folder);
                Directory.Move(folder + ".old", folder);
                swaps++;
            }

            return swaps;
        });

        var (served, refused) = (0, 0);
        foreach (var openat2 in Openat2AndWalk)
        {
            var chain = Chain(openat2);
            for (var i = 0; i < 2000; i++)
            {
                var answer = chain.Open("images/initrd", FileRequest.Local);
                using (var file = answer.File)
                {
                    if (file is not null)
                    {
                        var bytes = new byte[file.Length];
                        file.Read(0, bytes);
                        Assert.Equal("inside"u8.ToArray(), bytes);
                        served++;
                    }
                    else if (answer.Refusal!.Code == TftpErrorCode.AccessViolation)
                    {
                        refused++;
                    }
                }

                Interlocked.Increment(ref attempts);
            }
        }

        await stop.CancelAsync();
        Assert.True(await swapper.WaitAsync(Limit) > 0);
        Assert.True(served > 0, "no open found the folder in place");
        Assert.True(refused > 0, "no open found the symlink in place");
    }

    private FileChain Chain(bool openat2) => new([new RootFileSource(RootPath, caseInsensitive: false, openat2)]);
}
