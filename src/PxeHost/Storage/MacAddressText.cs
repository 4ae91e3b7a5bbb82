using System.Net.NetworkInformation;

namespace PxeHost.Storage;

/// <summary>The one text form of a hardware address in files and output: lower case, colon separated (aa:bb:cc:dd:ee:ff).</summary>
public static class MacAddressText
{
    public static string Format(PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        var bytes = mac.GetAddressBytes();
        return bytes.Length == 0 ? string.Empty : string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Accepts only the form <see cref="Format"/> writes, so that what is read back is what was stored.</summary>
    public static bool TryParse(string text, out PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(text);
        mac = PhysicalAddress.None;
        if (!PhysicalAddress.TryParse(text, out var parsed) || parsed is null || Format(parsed) != text)
        {
            return false;
        }

        mac = parsed;
        return true;
    }
}
