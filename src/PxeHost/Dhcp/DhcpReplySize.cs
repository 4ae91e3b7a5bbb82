using PxeHost.Protocol.Dhcp;

namespace PxeHost.Dhcp;

/// <summary>
/// Keeps a reply within what the client can receive. RFC 2131 §2: every client takes a 576-byte IP
/// datagram (a DHCP message of 548 bytes: 236 fixed, 312 of options); a larger reply only when the
/// client says so in option 57, whose value counts the IP and UDP headers too and is never below 576
/// (RFC 2132 §9.10). What does not fit is dropped, least important first, rather than overloaded into
/// sname/file (RFC 2131 §4.1 makes option overload optional, and the file field carries the boot file).
/// </summary>
internal static class DhcpReplySize
{
    /// <summary>The IP datagram every client must take (RFC 2131 §2, RFC 791).</summary>
    public const int MinimumDatagram = 576;

    /// <summary>IPv4 header without options, and the UDP header: option 57 counts them.</summary>
    private const int IpAndUdpHeaders = 20 + 8;

    /// <summary>
    /// Never dropped: the reply is not a reply without its type and server, not a lease without its
    /// lease time, and not a boot without the boot file, the PXE options and the vendor class PXE and
    /// HTTP Boot firmware check; option 82 MUST come back (RFC 3046 §2.2), option 61 too (RFC 6842 §3), and option 97 (PXE 2.1 §2.4.1).
    /// </summary>
    private static readonly DhcpOptionCode[] Kept =
    [
        DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.VendorSpecific,
        DhcpOptionCode.VendorClassIdentifier, DhcpOptionCode.BootfileName, DhcpOptionCode.RelayAgentInformation, DhcpOptionCode.ClientMachineId,
        DhcpOptionCode.ClientIdentifier,
    ];

    /// <summary>The largest DHCP message (UDP payload) the client of <paramref name="request"/> takes.</summary>
    public static int LimitFor(DhcpMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var datagram = request.GetUInt16(DhcpOptionCode.MaxMessageSize) is { } stated ? Math.Max((int)stated, MinimumDatagram) : MinimumDatagram;
        return datagram - IpAndUdpHeaders;
    }

    /// <summary>
    /// Drops options from <paramref name="options"/> (the list <paramref name="reply"/> carries) until the
    /// reply fits the client's limit: first those it did not ask for (last added first), then those it asked
    /// for, from the end of its parameter request list (option 55) up. Returns what was dropped; a reply of
    /// kept options only that is still too large goes out as it is.
    /// </summary>
    public static IReadOnlyList<DhcpOptionCode> Fit(DhcpMessage request, DhcpMessage reply, List<DhcpOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = LimitFor(request);
        var length = DhcpMessageCodec.GetLength(reply);
        if (length <= limit)
        {
            return [];
        }

        var asked = request.ParameterRequestList;
        var original = options.ToList();
        var dropped = new List<DhcpOption>();
        while (length > limit && LeastImportant(options, asked) is { } at)
        {
            dropped.Add(options[at]);
            options.RemoveAt(at);
            length = DhcpMessageCodec.GetLength(reply);
        }

        // A large option dropped late may have made room for smaller ones dropped before it: those come back.
        for (var i = dropped.Count - 1; i >= 0; i--)
        {
            var at = PlaceOf(dropped[i], original, dropped);
            options.Insert(at, dropped[i]);
            if (DhcpMessageCodec.GetLength(reply) <= limit)
            {
                dropped.RemoveAt(i);
            }
            else
            {
                options.RemoveAt(at);
            }
        }

        return [.. dropped.Select(o => o.Code)];
    }

    /// <summary>Where <paramref name="option"/> stood among the options still in the reply.</summary>
    private static int PlaceOf(DhcpOption option, List<DhcpOption> original, List<DhcpOption> dropped)
    {
        var place = 0;
        foreach (var other in original)
        {
            if (ReferenceEquals(other, option))
            {
                break;
            }

            if (!dropped.Exists(d => ReferenceEquals(d, other)))
            {
                place++;
            }
        }

        return place;
    }

    private static int? LeastImportant(List<DhcpOption> options, IReadOnlyList<DhcpOptionCode> asked)
    {
        int? candidate = null;
        var rank = int.MinValue;
        for (var i = 0; i < options.Count; i++)
        {
            var code = options[i].Code;
            if (Array.IndexOf(Kept, code) >= 0)
            {
                continue;
            }

            // Not asked for ranks below everything asked for; among equals, the later one goes first.
            var position = IndexOf(asked, code);
            var score = position < 0 ? int.MaxValue : position;
            if (score >= rank)
            {
                rank = score;
                candidate = i;
            }
        }

        return candidate;
    }

    private static int IndexOf(IReadOnlyList<DhcpOptionCode> list, DhcpOptionCode code)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == code)
            {
                return i;
            }
        }

        return -1;
    }
}
