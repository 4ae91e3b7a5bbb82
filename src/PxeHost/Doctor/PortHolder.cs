namespace PxeHost.Doctor;

/// <summary>A process holding a socket: its pid and its name (/proc/PID/comm).</summary>
public sealed record PortHolder(int ProcessId, string Name)
{
    public override string ToString() => $"{Name} (pid {ProcessId})";
}
