namespace PxeHost.Events;

/// <summary>A well-formed request got no reply: not for this server, nothing to boot, lease not stored, send failed.</summary>
public sealed record DhcpNotAnswered : DhcpEvent
{
    public required string Reason { get; init; }

    /// <summary>The normal course of things (another server's REQUEST, a client that is not booting), not a problem.</summary>
    public bool Routine { get; init; }

    /// <summary>The request came on the PXE boot server port (4011).</summary>
    public bool BootServerPort { get; init; }
}
