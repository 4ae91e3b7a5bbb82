using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>How the DHCP (or proxyDHCP) service listens and what it hands out.</summary>
public sealed record DhcpServerOptions
{
    public DhcpMode Mode { get; init; } = DhcpMode.Full;

    /// <summary>Interface names to listen on; requests arriving elsewhere are never seen.</summary>
    public required IReadOnlyList<string> Interfaces { get; init; }

    /// <summary>Subnets with pools (full mode). A scope on an interface's subnet serves it; others serve relays.</summary>
    public IReadOnlyList<DhcpScope> Scopes { get; init; } = [];

    /// <summary>Where leases are stored (full mode): the composition opens the SQLite lease store there.</summary>
    public string DataDirectory { get; init; } = "/var/lib/pxehost";

    /// <summary>What a committed lease survives; read by the composition that opens the SQLite lease store.</summary>
    public LeaseDurability Durability { get; init; } = LeaseDurability.Process;

    /// <summary>How long an offered address is held for the client before it may go to another.</summary>
    public TimeSpan OfferHold { get; init; } = TimeSpan.FromSeconds(30);

    public int ServerPort { get; init; } = 67;

    public int ClientPort { get; init; } = 68;

    /// <summary>The PXE boot server port proxyDHCP clients ask on (PXE 2.1 §2.2.4).</summary>
    public int BootServerPort { get; init; } = 4011;

    /// <summary>Before serving full DHCP, look for another DHCP server on each interface.</summary>
    public bool ProbeForOtherServers { get; init; } = true;

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Serve full DHCP even when another server answers the probe.</summary>
    public bool Force { get; init; }

    /// <summary>Requests waiting to be decided; beyond this, new ones are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 8192;
}
