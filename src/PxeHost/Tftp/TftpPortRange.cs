using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PxeHost.Tftp;

/// <summary>The UDP ports transfers are sent from (tftpd-hpa's -R A:B): useful behind a firewall.</summary>
public sealed record TftpPortRange(int First, int Last)
{
    public int Count => Last - First + 1;

    public static bool TryParse(string text, [NotNullWhen(true)] out TftpPortRange? range, out string error)
    {
        range = null;
        var parts = (text ?? string.Empty).Split(':');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            error = $"'{text}' is not a port range of the form FIRST:LAST";
            return false;
        }

        if (first < 1 || last > 65535 || first > last)
        {
            error = $"'{text}': ports must satisfy 1 <= FIRST <= LAST <= 65535";
            return false;
        }

        range = new TftpPortRange(first, last);
        error = string.Empty;
        return true;
    }

    public override string ToString() => $"{First}:{Last}";
}
