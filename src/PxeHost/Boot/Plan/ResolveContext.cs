using System.Net;

namespace PxeHost.Boot.Plan;

/// <summary>What resolving a plan needs besides the plan and the client: where the server answers, and what is known of the client.</summary>
public sealed record ResolveContext(IPAddress Server, int HttpPort)
{
    public IPAddress? ClientAddress { get; init; }

    public string? Hostname { get; init; }

    /// <summary>A "boot once" machine has already booted its plan: it gets the local disk now.</summary>
    public bool BootedOnce { get; init; }
}
