namespace PxeHost.Fuzz;

/// <summary>What a seed is, so the mutator can also lie in that format's own terms.</summary>
public enum DatagramKind
{
    /// <summary>Bytes with no known structure (PXE vendor options, YAML text): generic mutations only.</summary>
    Opaque,

    /// <summary>A BOOTP/DHCP datagram (RFC 2131 §2): fixed header, magic cookie at 236, options from 240.</summary>
    Dhcp,

    /// <summary>A TFTP packet (RFC 1350 §5): 16-bit opcode, then NUL-terminated strings or a block number.</summary>
    Tftp,

    /// <summary>An ISO 9660 image (ECMA-119): volume descriptors from block 16, directory records with both-endian fields.</summary>
    Image,
}
