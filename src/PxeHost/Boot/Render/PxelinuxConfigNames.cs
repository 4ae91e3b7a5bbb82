using System.Net;
using System.Net.NetworkInformation;

namespace PxeHost.Boot.Render;

/// <summary>
/// The configuration files PXELINUX asks for, in its order (syslinux 6 core/fs/pxe/pxe.c,
/// <c>pxe_load_config</c>; doc/pxelinux.txt): first the name in DHCP option 209 if the server sent one,
/// then under <c>pxelinux.cfg/</c> the client's UUID — only when it has one PXELINUX believes (byte 6
/// of the wire order, the version field, between 0x10 and 0xEF: not all zeros or all ones) — then
/// <c>01-</c> and the MAC, then the IPv4 address in upper-case hex shortened one digit at a time down
/// to one digit, and last <c>default</c>. PXELINUX takes the UUID from DHCP option 97 or SMBIOS,
/// normally the same bytes.
/// </summary>
public static class PxelinuxConfigNames
{
    public const string Directory = "pxelinux.cfg/";

    public const string DefaultName = "default";

    /// <summary>The names PXELINUX tries, relative to its working directory, in order.</summary>
    public static IReadOnlyList<string> LookupChain(PhysicalAddress mac, IPAddress? ip, Guid? uuid = null)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var names = new List<string>(11);
        if (uuid is { } id && UuidIsTried(id))
        {
            names.Add(Directory + ClientConfigName.Uuid(id));
        }

        names.Add(Directory + ClientConfigName.Mac(mac));
        names.AddRange(ClientConfigName.IpPrefixes(ip).Select(p => Directory + p));
        names.Add(Directory + DefaultName);
        return names;
    }

    /// <summary>syslinux core/sysappend.c <c>is_valid_uuid</c>: "a type that is not 0 or 15".</summary>
    public static bool UuidIsTried(Guid uuid) => uuid.ToByteArray()[6] is >= 0x10 and < 0xF0;

    /// <summary>
    /// Reads a requested path — with or without a leading <c>/</c>, under any directory — as one of
    /// PXELINUX's lookups. False for anything else, including names inside <c>pxelinux.cfg/</c> that
    /// PXELINUX never builds itself (those are files to serve as they are).
    /// </summary>
    public static bool TryParse(string requestedPath, out PxelinuxConfigRequest request)
    {
        request = null!;
        if (requestedPath is null)
        {
            return false;
        }

        var path = ClientConfigName.Normalise(requestedPath);
        var at = path.LastIndexOf(Directory, StringComparison.Ordinal);
        if (at < 0 || (at > 0 && path[at - 1] != '/'))
        {
            return false;
        }

        var directory = path[..at];
        var name = path[(at + Directory.Length)..];
        if (name == DefaultName)
        {
            request = new PxelinuxConfigRequest(ConfigLookupKind.Default, directory);
        }
        else if (ClientConfigName.TryParseUuid(name, out var uuid))
        {
            request = new PxelinuxConfigRequest(ConfigLookupKind.Uuid, directory) { Uuid = uuid };
        }
        else if (ClientConfigName.TryParseMac(name, out var mac))
        {
            request = new PxelinuxConfigRequest(ConfigLookupKind.Mac, directory) { Mac = mac };
        }
        else if (ClientConfigName.TryParseIpPrefix(name, out var prefix))
        {
            request = new PxelinuxConfigRequest(ConfigLookupKind.IpPrefix, directory) { IpPrefix = prefix };
        }

        return request is not null;
    }
}
