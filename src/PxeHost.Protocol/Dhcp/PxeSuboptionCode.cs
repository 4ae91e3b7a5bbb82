namespace PxeHost.Protocol.Dhcp;

/// <summary>Suboptions of option 43 when option 60 is "PXEClient" (PXE specification 2.1, table 2-1).</summary>
public enum PxeSuboptionCode : byte
{
    Pad = 0,
    MulticastTftpAddress = 1,
    MulticastTftpClientPort = 2,
    MulticastTftpServerPort = 3,
    MulticastTftpStartDelay = 4,
    MulticastTftpTimeout = 5,
    DiscoveryControl = 6,
    DiscoveryMulticastAddress = 7,
    BootServers = 8,
    BootMenu = 9,
    MenuPrompt = 10,
    MulticastAddressAllocation = 11,
    CredentialTypes = 12,
    BootItem = 71,
    End = 255,
}
