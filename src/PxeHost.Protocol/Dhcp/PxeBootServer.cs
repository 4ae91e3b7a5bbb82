using System.Net;

namespace PxeHost.Protocol.Dhcp;

/// <summary>One entry of suboption 8: a boot server type and the addresses that serve it.</summary>
public sealed record PxeBootServer(ushort Type, IReadOnlyList<IPAddress> Addresses)
{
    public bool Equals(PxeBootServer? other) =>
        other is not null && Type == other.Type && Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode() => HashCode.Combine(Type, Addresses.Count);
}
