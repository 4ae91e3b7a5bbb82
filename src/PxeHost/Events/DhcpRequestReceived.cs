using PxeHost.Boot;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Events;

/// <summary>A well-formed DHCP request arrived (on port 67; <see cref="BootServerRequestReceived"/> for port 4011).</summary>
public record DhcpRequestReceived : DhcpEvent
{
    /// <summary>Option 93, when the client sent it.</summary>
    public ClientArchitecture? Architecture { get; init; }

    /// <summary>Option 60, when the client sent it (<c>PXEClient:Arch:…</c>, <c>HTTPClient…</c>).</summary>
    public string? VendorClass { get; init; }

    /// <summary>The client's stage as the request shows it (firmware, HTTP Boot firmware, iPXE, not booting); null when not known.</summary>
    public FirmwareStage? Stage { get; init; }

    /// <summary>Option 54: the server whose offer the client takes (a REQUEST in reply to an offer); null when it named none.</summary>
    public System.Net.IPAddress? ServerIdentifier { get; init; }
}
