using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Configuration;

/// <summary>
/// Turns DHCP settings (the flags laid over pxehost.yaml) and the interfaces served into scopes: one
/// per subnet, holding every pool given for it. What cannot work is refused with the reason and where
/// it was given: a range on no known subnet, ranges that overlap, a range holding the network, the
/// broadcast, a router's or this server's own address, a MAC or an address reserved twice, and a
/// reservation in no scope.
/// </summary>
public static class ScopeBuilder
{
    public static IReadOnlyList<DhcpScope> Build(DhcpSettings settings, IReadOnlyList<LocalInterface> links, List<SettingError> errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(errors);
        CheckValues(settings, errors);
        if (!ServesAddresses(settings, errors))
        {
            // A proxy gives no addresses: a machine's address in the file is then only a note, but a
            // --reserve on the command line asks for something that cannot happen.
            foreach (var reservation in settings.Reservations.Where(r => r.Origin.IsFlag))
            {
                errors.Add(new SettingError(reservation.Origin, $"'{Text(reservation.Value)}': {reservation.Value.Address} is in no --dhcp-range's subnet"));
            }

            return [];
        }

        var scopes = Subnets(settings, links, errors)
            .Where(s => s.Ranges.Count > 0)
            .Select(s => WithOptions(new DhcpScope
            {
                Network = Ipv4.ToAddress(s.Network),
                PrefixLength = s.Prefix,
                Ranges = [.. s.Ranges.Select(r => r.Value).OrderBy(r => r.Start)],
            }, settings))
            .ToList();
        var reserved = Reserve(settings, scopes, errors);
        return [.. scopes.Select((s, i) => s with { Reservations = reserved[i] })];
    }

    /// <summary>The options every scope hands out (routers, DNS, NTP, MTU, domain, lease time) as <paramref name="settings"/> give them.</summary>
    public static DhcpScope WithOptions(DhcpScope scope, DhcpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(settings);
        return scope with
        {
            Routers = [.. settings.Routers.Select(r => r.Value)],
            DnsServers = [.. settings.DnsServers.Select(r => r.Value)],
            NtpServers = [.. settings.NtpServers.Select(r => r.Value)],
            Mtu = settings.Mtu?.Value,
            DomainName = settings.Domain?.Value,
            LeaseTime = settings.LeaseTime?.Value ?? TimeSpan.FromHours(1),
        };
    }

    private static void CheckValues(DhcpSettings settings, List<SettingError> errors)
    {
        if (settings.Mtu is { Value: < 68 or > 65535 } mtu)
        {
            errors.Add(new SettingError(mtu.Origin, $"{mtu.Value} is outside 68-65535"));
        }

        if (settings.LeaseTime is { } lease && lease.Value < TimeSpan.FromSeconds(60))
        {
            errors.Add(new SettingError(lease.Origin, $"{lease.Value.TotalSeconds} s is below 60 s"));
        }
    }

    /// <summary>Full DHCP needs a pool and a proxy must have none; true when addresses are handed out.</summary>
    private static bool ServesAddresses(DhcpSettings settings, List<SettingError> errors)
    {
        var mode = settings.Mode;
        if (mode?.Value == DhcpMode.Proxy)
        {
            if (settings.Ranges.Count > 0)
            {
                var proxy = mode.Origin.IsFlag ? "--proxy" : "proxy mode";
                errors.Add(new SettingError(mode.Origin, $"{proxy} and {RangesName(settings)} exclude each other: a proxy never gives addresses"));
            }

            return false;
        }

        if (settings.Ranges.Count == 0)
        {
            errors.Add(mode is { Origin.IsFlag: false }
                ? new SettingError(mode.Origin, "full DHCP needs a pool: give dhcp.ranges (or --dhcp-range FIRST-LAST), or mode: proxy to boot beside the network's own DHCP server")
                : new SettingError(SettingOrigin.Flag("dhcp-range"), "give a pool (--dhcp-range FIRST-LAST) to serve full DHCP, or --proxy to boot beside the network's own DHCP server"));
        }

        return true;
    }

    private static List<Subnet> Subnets(DhcpSettings settings, IReadOnlyList<LocalInterface> links, List<SettingError> errors)
    {
        var subnets = new List<Subnet>();
        foreach (var range in settings.Ranges)
        {
            if (PrefixOf(range, links, errors) is not { } prefix)
            {
                continue;
            }

            var network = range.Value.Start & Ipv4.MaskOf(prefix);
            var subnet = subnets.Find(s => s.Network == network && s.Prefix == prefix);
            if (subnet is null && subnets.Find(s => s.Overlaps(network, prefix)) is { } other)
            {
                errors.Add(new SettingError(range.Origin,
                    $"'{range.Value}' is in {Ipv4.ToAddress(network)}/{prefix}, which overlaps {other} of '{other.First.Value}' ({other.First.Origin})"));
                continue;
            }

            if (subnet is null)
            {
                subnet = new Subnet(network, prefix, range);
                subnets.Add(subnet);
            }

            if (Fits(range, subnet, settings, links, errors))
            {
                subnet.Ranges.Add(range);
            }
        }

        return subnets;
    }

    /// <summary>The range's prefix: as given (a relayed subnet), else that of the interface whose subnet holds it.</summary>
    private static int? PrefixOf(Setting<DhcpRange> range, IReadOnlyList<LocalInterface> links, List<SettingError> errors)
    {
        var value = range.Value;
        if (value.PrefixLength is { } given)
        {
            return given;
        }

        if (links.FirstOrDefault(l => l.Contains(value.First)) is not { } onLink)
        {
            errors.Add(new SettingError(range.Origin, $"'{value}' is on no --interface's subnet: for a relayed subnet say its prefix, e.g. {value}/24"));
            return null;
        }

        var mask = Ipv4.MaskOf(onLink.PrefixLength);
        if ((value.Start & mask) != (value.End & mask))
        {
            errors.Add(new SettingError(range.Origin, $"'{value}': FIRST and LAST must be in one /{onLink.PrefixLength} subnet, FIRST <= LAST"));
            return null;
        }

        return onLink.PrefixLength;
    }

    /// <summary>Whether the range may join its subnet's pools; each reason it may not is an error.</summary>
    private static bool Fits(Setting<DhcpRange> range, Subnet subnet, DhcpSettings settings, IReadOnlyList<LocalInterface> links, List<SettingError> errors)
    {
        var before = errors.Count;
        var value = range.Value;
        void Refuse(string reason) => errors.Add(new SettingError(range.Origin, $"'{value}' {reason}"));

        foreach (var other in subnet.Ranges.Where(o => o.Value.Overlaps(value)))
        {
            Refuse($"overlaps '{other.Value}' ({other.Origin})");
        }

        // A /31 has neither (RFC 3021); below that, the first and last addresses are no host's.
        if (subnet.Prefix <= 30 && value.Contains(subnet.Network))
        {
            Refuse($"contains the network address {Ipv4.ToAddress(subnet.Network)} of {subnet}");
        }

        if (subnet.Prefix <= 30 && value.Contains(subnet.Broadcast))
        {
            Refuse($"contains the broadcast address {Ipv4.ToAddress(subnet.Broadcast)} of {subnet}");
        }

        foreach (var router in settings.Routers.Where(r => value.Contains(r.Value)))
        {
            Refuse($"contains the router {router.Value} ({router.Origin})");
        }

        foreach (var link in links.Where(l => value.Contains(l.Address)))
        {
            Refuse($"contains this server's own address {link.Address}");
        }

        return errors.Count == before;
    }

    private static List<DhcpReservation>[] Reserve(DhcpSettings settings, List<DhcpScope> scopes, List<SettingError> errors)
    {
        var reserved = scopes.Select(_ => new List<DhcpReservation>()).ToArray();
        var byMac = new Dictionary<PhysicalAddress, Setting<DhcpReservation>>();
        var byAddress = new Dictionary<IPAddress, Setting<DhcpReservation>>();
        foreach (var reservation in settings.Reservations)
        {
            var (mac, address) = (reservation.Value.Mac, reservation.Value.Address);
            if (byMac.TryGetValue(mac, out var first))
            {
                errors.Add(new SettingError(reservation.Origin, $"{MacAddressText.Format(mac)} is reserved twice: {first.Value.Address} ({first.Origin}) and {address}"));
                continue;
            }

            if (byAddress.TryGetValue(address, out first))
            {
                errors.Add(new SettingError(reservation.Origin,
                    $"{address} is reserved twice: for {MacAddressText.Format(first.Value.Mac)} ({first.Origin}) and {MacAddressText.Format(mac)}"));
                continue;
            }

            byMac[mac] = reservation;
            byAddress[address] = reservation;
            var index = scopes.FindIndex(s => s.Contains(address));
            if (index < 0)
            {
                var ranges = RangesName(settings);
                errors.Add(new SettingError(reservation.Origin, $"'{Text(reservation.Value)}': {address} is in no {ranges}{(ranges.StartsWith('-') ? "'s" : string.Empty)} subnet"));
                continue;
            }

            reserved[index].Add(reservation.Value);
        }

        return reserved;
    }

    private static string RangesName(DhcpSettings settings) => settings.Ranges is [{ Origin.IsFlag: false }, ..] ? "dhcp.ranges" : "--dhcp-range";

    private static string Text(DhcpReservation reservation) =>
        $"{MacAddressText.Format(reservation.Mac)}={reservation.Address}{(reservation.Hostname is { } name ? $",{name}" : string.Empty)}";

    private sealed class Subnet(uint network, int prefix, Setting<DhcpRange> first)
    {
        public uint Network { get; } = network;

        public int Prefix { get; } = prefix;

        /// <summary>The range that made the subnet known, named when another subnet clashes with it.</summary>
        public Setting<DhcpRange> First { get; } = first;

        public List<Setting<DhcpRange>> Ranges { get; } = [];

        public uint Broadcast => Network | ~Ipv4.MaskOf(Prefix);

        public bool Overlaps(uint network, int prefix)
        {
            var shorter = Math.Min(prefix, Prefix);
            return (network & Ipv4.MaskOf(shorter)) == (Network & Ipv4.MaskOf(shorter));
        }

        public override string ToString() => $"{Ipv4.ToAddress(Network)}/{Prefix}";
    }
}
