using PxeHost.Configuration;
using PxeHost.Protocol.Dhcp;
using PxeHost.Protocol.Iso;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Fuzz;

/// <summary>
/// The code a datagram or a config edit reaches, each driven as the server drives it: parse, read
/// what the server reads from the result, and, where the codec promises it, write → parse unchanged.
/// </summary>
public static class CodecTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("dhcp", DatagramKind.Dhcp, Dhcp),
        new("pxe-vendor", DatagramKind.Opaque, PxeVendor),
        new("tftp", DatagramKind.Tftp, Tftp),
        new("tftp-negotiate", DatagramKind.Tftp, TftpNegotiate),
        new("config", DatagramKind.Opaque, Config),
        new("iso", DatagramKind.Image, Iso, MaxInputLength: 1024 * 1024),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}", nameof(name));

    public static void Dhcp(ReadOnlySpan<byte> data)
    {
        if (!DhcpMessageCodec.TryParse(data, out var message, out _) || message is null)
        {
            return;
        }

        // What the DHCP service reads from every request before it decides anything.
        _ = message.ClientMacAddress;
        _ = message.MessageType;
        _ = message.ParameterRequestList;
        _ = message.ClientArchitecture;
        _ = message.GetString(DhcpOptionCode.VendorClassIdentifier);
        _ = message.GetString(DhcpOptionCode.UserClass);
        _ = message.GetString(DhcpOptionCode.HostName);
        _ = message.GetAddress(DhcpOptionCode.RequestedIpAddress);
        _ = message.GetAddress(DhcpOptionCode.ServerIdentifier);
        _ = message.GetUInt16(DhcpOptionCode.MaxMessageSize);
        if (message.GetOption(DhcpOptionCode.VendorSpecific) is { } vendor)
        {
            PxeVendor(vendor.Span);
        }

        var written = DhcpMessageCodec.ToArray(message);
        if (!DhcpMessageCodec.TryParse(written, out var again, out var error))
        {
            throw new FuzzFindingException($"a parsed DHCP message, written, does not parse: {error}");
        }

        if (!message.Equals(again))
        {
            throw new FuzzFindingException("a parsed DHCP message changes through write → parse");
        }
    }

    public static void PxeVendor(ReadOnlySpan<byte> data)
    {
        if (!PxeVendorOptionsCodec.TryParse(data, out var options, out _) || options is null)
        {
            return;
        }

        var written = PxeVendorOptionsCodec.ToArray(options);
        if (!PxeVendorOptionsCodec.TryParse(written, out var again, out var error))
        {
            throw new FuzzFindingException($"parsed PXE vendor options, written, do not parse: {error}");
        }

        if (!options.Equals(again))
        {
            throw new FuzzFindingException("parsed PXE vendor options change through write → parse");
        }
    }

    public static void Tftp(ReadOnlySpan<byte> data)
    {
        if (!TftpPacketCodec.TryParse(data, out var packet, out _) || packet is null)
        {
            return;
        }

        var written = TftpPacketCodec.ToArray(packet);
        if (!TftpPacketCodec.TryParse(written, out var again, out var error) || again is null)
        {
            throw new FuzzFindingException($"a parsed TFTP packet, written, does not parse: {error}");
        }

        if (!written.AsSpan().SequenceEqual(TftpPacketCodec.ToArray(again)))
        {
            throw new FuzzFindingException("a parsed TFTP packet changes through write → parse → write");
        }
    }

    /// <summary>An RRQ's options negotiated as the server does, for files of several sizes, and the OACK written.</summary>
    public static void TftpNegotiate(ReadOnlySpan<byte> data)
    {
        if (!TftpPacketCodec.TryParse(data, out var packet, out _) || packet is not TftpRequestPacket request)
        {
            return;
        }

        foreach (var size in new long?[] { null, 0, 1, 1L << 40 })
        {
            var limits = TftpNegotiationLimits.Default;
            var parameters = TftpOptionNegotiator.Negotiate(request, size, limits);
            if (parameters.BlockSize is < 8 || parameters.BlockSize > limits.MaxBlockSize
                || parameters.WindowSize < 1 || parameters.WindowSize > limits.MaxWindowSize
                || parameters.TimeoutSeconds is < 1 or > 255)
            {
                throw new FuzzFindingException($"negotiated out of range: {parameters}");
            }

            if (parameters.HasOptionAck)
            {
                Tftp(TftpPacketCodec.ToArray(new TftpOptionAckPacket(parameters.AcceptedOptions)));
            }
        }
    }

    /// <summary>pxehost.yaml as a file the loader reads (as at start and on every edit); errors are a list, never a throw.</summary>
    public static void Config(ReadOnlySpan<byte> data)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pxehost-fuzz-{Environment.ProcessId}.yaml");
        File.WriteAllBytes(path, data.ToArray());
        try
        {
            _ = ConfigLoader.Load(path, out _);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// An image opened as `iso add` opens it, then every file read and found again: opening either
    /// succeeds or throws <see cref="IsoFormatException"/> (the reader's one documented refusal).
    /// </summary>
    public static void Iso(ReadOnlySpan<byte> data)
    {
        IsoVolume volume;
        try
        {
            volume = IsoVolume.Open(new MemoryIsoMedium(data.ToArray()));
        }
        catch (IsoFormatException)
        {
            return;
        }

        var buffer = new byte[4096];
        var pending = new Stack<IsoEntry>([volume.Root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in directory.Children)
            {
                if (child.IsDirectory)
                {
                    pending.Push(child);
                }

                var expected = (int)Math.Min(child.Type == IsoEntryType.File ? child.Length : 0, buffer.Length);
                if (child.Type == IsoEntryType.File && volume.Read(child, 0, buffer) != expected)
                {
                    throw new FuzzFindingException($"{child.Path}: an indexed file reads short");
                }

                _ = volume.Find(child.Path);
            }
        }
    }
}
