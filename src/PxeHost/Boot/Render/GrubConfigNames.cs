using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Render;

/// <summary>
/// The configuration files a netbooted GRUB asks for. GRUB 2.06 in Debian 12 (normal.mod
/// <c>grub_cmd_normal</c>, net.mod <c>grub_net_search_config_file</c>) searches when <c>normal</c> runs
/// without a file and <c>$prefix</c> is on <c>(tftp…)</c> — a <c>grub-mknetdir</c> image — and
/// <c>feature_net_search_cfg</c> is not "n": under <c>$prefix/</c>, per interface, <c>grub.cfg-</c> and the
/// UUID (only if the DHCP reply GRUB booted from carried option 97: GRUB reads the server's reply,
/// not its own request), then <c>grub.cfg-01-</c> and the MAC, then the IPv4 address in upper-case hex
/// shortened one digit at a time down to one, and last <c>grub.cfg</c>. Debian's signed
/// <c>grubnetx64.efi</c> does not search: it runs <c>normal</c> on its built-in file, which reads
/// <c>$prefix/x86_64-efi/grub.cfg</c>, else <c>$prefix/grub.cfg</c>, with <c>$prefix</c> = <c>/grub</c>
/// (debian/build-efi-images; NETBOOT-LAB.md).
/// </summary>
public static class GrubConfigNames
{
    public const string DefaultName = "grub.cfg";

    /// <summary>The names a searching GRUB tries, relative to <c>$prefix</c>, in order (IPv4 only).</summary>
    public static IReadOnlyList<string> LookupChain(PhysicalAddress mac, IPAddress? ip, Guid? uuidFromDhcpReply = null)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var names = new List<string>(11);
        if (uuidFromDhcpReply is { } uuid)
        {
            names.Add(DefaultName + "-" + ClientConfigName.Uuid(uuid));
        }

        names.Add(DefaultName + "-" + ClientConfigName.Mac(mac));
        names.AddRange(ClientConfigName.IpPrefixes(ip).Select(p => DefaultName + "-" + p));
        names.Add(DefaultName);
        return names;
    }

    /// <summary>
    /// Reads a requested path — with or without a leading <c>/</c>, in any directory — as a GRUB
    /// lookup: <c>grub.cfg</c> itself, or <c>grub.cfg-</c> with a UUID, MAC or IPv4 prefix. False otherwise.
    /// </summary>
    public static bool TryParse(string requestedPath, out GrubConfigRequest request)
    {
        request = null!;
        if (requestedPath is null)
        {
            return false;
        }

        var path = ClientConfigName.Normalise(requestedPath);
        var slash = path.LastIndexOf('/');
        var directory = path[..(slash + 1)];
        var name = path[(slash + 1)..];
        if (name == DefaultName)
        {
            request = new GrubConfigRequest(ConfigLookupKind.Default, directory);
            return true;
        }

        if (!name.StartsWith(DefaultName + "-", StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = name[(DefaultName.Length + 1)..];
        if (ClientConfigName.TryParseUuid(suffix, out var uuid))
        {
            request = new GrubConfigRequest(ConfigLookupKind.Uuid, directory) { Uuid = uuid };
        }
        else if (ClientConfigName.TryParseMac(suffix, out var mac))
        {
            request = new GrubConfigRequest(ConfigLookupKind.Mac, directory) { Mac = mac };
        }
        else if (ClientConfigName.TryParseIpPrefix(suffix, out var prefix))
        {
            request = new GrubConfigRequest(ConfigLookupKind.IpPrefix, directory) { IpPrefix = prefix };
        }

        return request is not null;
    }
}
