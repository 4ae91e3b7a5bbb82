namespace PxeHost.Protocol.Dhcp;

/// <summary>Why a datagram is not a DHCP message; each value is a counted drop reason.</summary>
public enum DhcpParseError
{
    None = 0,

    /// <summary>Shorter than the 236-byte BOOTP header plus the 4-byte magic cookie.</summary>
    TruncatedHeader,

    /// <summary>The four bytes after the header are not 99.130.83.99 (plain BOOTP is not served).</summary>
    BadMagicCookie,

    /// <summary>hlen above the 16 bytes the chaddr field holds.</summary>
    HardwareAddressTooLong,

    /// <summary>An option's length byte, or its value, runs past the end of its field.</summary>
    OptionOverrun,

    /// <summary>Option 52 is not exactly one byte of 1, 2 or 3.</summary>
    InvalidOptionOverload,

    /// <summary>Option 52 inside the file or sname field it overloads (RFC 2131 §4.1 forbids loops).</summary>
    OverloadInOverloadedArea,
}
