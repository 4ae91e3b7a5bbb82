namespace PxeHost.Unix;

/// <summary>
/// A process holding a local port: its pid and name (from /proc/PID/comm), or, when this user may not
/// look into the owner's /proc/PID/fd, only the socket's owner (pid 0, name null).
/// </summary>
public sealed record PortHolder(int ProcessId, string? ProcessName, uint UserId)
{
    /// <summary>"dnsmasq (pid 812)", or "a process of dnsmasq (uid 107)" when the process cannot be seen.</summary>
    public override string ToString() => ProcessName is not null
        ? $"{ProcessName} (pid {ProcessId})"
        : $"a process of {UnixAccount.FindById(UserId)?.Name ?? "user"} (uid {UserId}) that user {UnixAccount.Current.Name} cannot see";
}
