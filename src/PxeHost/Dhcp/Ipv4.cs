using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace PxeHost.Dhcp;

/// <summary>IPv4 addresses as host-order integers, so pools can be walked and compared.</summary>
public static class Ipv4
{
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static uint MaskOf(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    /// <summary>Dotted quad only: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes "10.0.0" and "10".</summary>
    public static bool TryParse(string? text, out IPAddress? address)
    {
        address = null;
        return text is not null
            && text.Split('.').Length == 4
            && IPAddress.TryParse(text, out address)
            && address.AddressFamily == AddressFamily.InterNetwork;
    }
}
