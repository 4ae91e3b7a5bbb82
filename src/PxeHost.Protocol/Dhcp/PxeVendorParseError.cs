namespace PxeHost.Protocol.Dhcp;

/// <summary>Why an option 43 value is not a set of PXE suboptions.</summary>
public enum PxeVendorParseError
{
    None = 0,

    /// <summary>A suboption's length byte, or its value, runs past the end of option 43.</summary>
    SuboptionOverrun,

    /// <summary>Discovery control is not exactly one byte.</summary>
    InvalidDiscoveryControl,

    /// <summary>A boot server entry's count of addresses runs past the suboption.</summary>
    InvalidBootServers,

    /// <summary>A boot menu entry's description runs past the suboption.</summary>
    InvalidBootMenu,

    /// <summary>The menu prompt lacks its timeout byte.</summary>
    InvalidMenuPrompt,

    /// <summary>The boot item is not exactly four bytes (type, layer).</summary>
    InvalidBootItem,
}
