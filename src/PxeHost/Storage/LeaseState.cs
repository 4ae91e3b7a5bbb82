namespace PxeHost.Storage;

/// <summary>Where a stored lease is in its life (RFC 2131 §4.3). Offers are held in memory only.</summary>
public enum LeaseState
{
    /// <summary>ACKed: the client may use the address until the lease expires.</summary>
    Active = 1,

    /// <summary>The client sent DHCPRELEASE; the address goes back to the pool but stays remembered for that client.</summary>
    Released = 2,

    /// <summary>A client sent DHCPDECLINE (the address is in use by someone else); not offered until it expires.</summary>
    Declined = 3,
}
