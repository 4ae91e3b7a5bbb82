namespace PxeHost.Events;

/// <summary>One DHCP scope's pool now: its subnet (<c>10.0.0.0/24</c>), addresses leased, addresses in all.</summary>
public sealed record PoolUse(string Scope, long Used, long Size);
