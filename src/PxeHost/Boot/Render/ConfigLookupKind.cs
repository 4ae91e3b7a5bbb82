namespace PxeHost.Boot.Render;

/// <summary>Which per-client name a loader's configuration request uses, in the order loaders try them.</summary>
public enum ConfigLookupKind
{
    /// <summary>The client's UUID (DHCP option 97, SMBIOS), as 16 bytes in wire order: <c>b8945908-d6a6-41a9-611d-74a6ab80b83d</c>.</summary>
    Uuid,

    /// <summary>ARP hardware type 1 (Ethernet) and the MAC: <c>01-88-99-aa-bb-cc-dd</c>.</summary>
    Mac,

    /// <summary>The IPv4 address in upper-case hex, or a prefix of it: <c>C000025B</c>, <c>C00002</c>, <c>C</c>.</summary>
    IpPrefix,

    /// <summary>The name every client falls back to: <c>pxelinux.cfg/default</c>, <c>grub.cfg</c>.</summary>
    Default,
}
