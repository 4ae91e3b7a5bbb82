using System.Diagnostics.CodeAnalysis;

namespace PxeHost.Events;

/// <summary>A request on the PXE boot server port (4011): the client asks for its boot file after the proxy offer.</summary>
public sealed record BootServerRequestReceived : DhcpRequestReceived
{
    /// <summary>The same request, as one the boot server took.</summary>
    [SetsRequiredMembers]
    public BootServerRequestReceived(DhcpRequestReceived received)
        : base(received)
    {
    }
}
