namespace PxeHost.Events;

/// <summary>The PXE boot server (port 4011) answered with the boot file.</summary>
public sealed record BootServerAnswered : DhcpAnswered;
