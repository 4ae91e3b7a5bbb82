using PxeHost.Dhcp;

namespace PxeHost.Storage;

/// <summary>What a lease store allocates from: the scopes served, and how long an offer is held.</summary>
public sealed record LeaseAllocationOptions
{
    public IReadOnlyList<DhcpScope> Scopes { get; init; } = [];

    /// <summary>How long an offered address is held for the client before it may go to another.</summary>
    public TimeSpan OfferHold { get; init; } = TimeSpan.FromSeconds(30);
}
