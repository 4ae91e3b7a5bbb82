using System.Diagnostics.CodeAnalysis;

namespace PxeHost.Events;

/// <summary>The PXE boot server (port 4011) answered with the boot file.</summary>
public sealed record BootServerAnswered : DhcpAnswered
{
    /// <summary>The same answer, as the boot server's.</summary>
    [SetsRequiredMembers]
    public BootServerAnswered(DhcpAnswered answered)
        : base(answered)
    {
    }
}
