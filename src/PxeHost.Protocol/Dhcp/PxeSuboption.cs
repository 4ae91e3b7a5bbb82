namespace PxeHost.Protocol.Dhcp;

/// <summary>A suboption the model does not decode, kept as bytes so it round-trips.</summary>
public sealed record PxeSuboption(PxeSuboptionCode Code, ReadOnlyMemory<byte> Value)
{
    public bool Equals(PxeSuboption? other) =>
        other is not null && Code == other.Code && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode() => HashCode.Combine(Code, Value.Length);
}
