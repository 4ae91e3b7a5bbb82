namespace PxeHost.Protocol.Dhcp;

/// <summary>Suboption 6 bits (PXE specification 2.1, table 2-1).</summary>
[Flags]
public enum PxeDiscoveryControl : byte
{
    None = 0,
    DisableBroadcastDiscovery = 1,
    DisableMulticastDiscovery = 2,
    OnlyListedBootServers = 4,

    /// <summary>Boot the file named in the offer straight away: no menu, prompt or discovery.</summary>
    UseBootFileFromOffer = 8,
}
