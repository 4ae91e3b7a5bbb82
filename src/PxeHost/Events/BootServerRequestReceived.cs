namespace PxeHost.Events;

/// <summary>A request on the PXE boot server port (4011): the client asks for its boot file after the proxy offer.</summary>
public sealed record BootServerRequestReceived : DhcpRequestReceived;
