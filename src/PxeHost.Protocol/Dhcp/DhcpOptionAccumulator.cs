namespace PxeHost.Protocol.Dhcp;

/// <summary>
/// Gathers option instances while parsing: RFC 3396 §5 concatenates every instance of a code, in the
/// order read, into one value, and the option keeps the position of its first instance.
/// </summary>
internal sealed class DhcpOptionAccumulator
{
    private readonly List<DhcpOptionCode> _order = [];
    private readonly Dictionary<DhcpOptionCode, List<byte>> _values = [];

    public void Append(DhcpOptionCode code, ReadOnlySpan<byte> value)
    {
        if (!_values.TryGetValue(code, out var bytes))
        {
            bytes = [];
            _values.Add(code, bytes);
            _order.Add(code);
        }

        bytes.AddRange(value);
    }

    /// <summary>Takes an option out (option 52 is framing) and returns its value, or null.</summary>
    public byte[]? Remove(DhcpOptionCode code)
    {
        if (!_values.Remove(code, out var bytes))
        {
            return null;
        }

        _order.Remove(code);
        return [.. bytes];
    }

    public List<DhcpOption> ToList() => _order.Select(code => new DhcpOption(code, _values[code].ToArray())).ToList();
}
