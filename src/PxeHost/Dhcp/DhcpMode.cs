namespace PxeHost.Dhcp;

/// <summary>Whether PxeHost is the network's DHCP server or only adds boot information beside another one.</summary>
public enum DhcpMode
{
    /// <summary>Addresses from PxeHost's own pools, leases stored; refuses to start beside another DHCP server.</summary>
    Full,

    /// <summary>proxyDHCP: boot information for PXE and HTTP Boot clients only; never an address.</summary>
    Proxy,
}
