using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace PxeHost.Storage;

/// <summary>
/// A lease as a row of the <c>leases</c> table and back. Times are INTEGER unix milliseconds (UTC):
/// they compare and sort as numbers in SQL (an expiry sweep is <c>expires &lt; ?</c>), carry no time
/// zone or format to misread, and cost 8 bytes; the price is that sub-millisecond precision is dropped.
/// Addresses and MACs are canonical text, so the primary key is one spelling per address and the file
/// reads well in the sqlite3 shell.
/// </summary>
internal static class LeaseRowCodec
{
    public const string Columns = "address, mac, state, start, expires, hostname, client_id";

    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The key of an address: IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address it maps.</summary>
    public static string AddressKey(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>Fills the parameters of the prepared INSERT OR REPLACE (in <see cref="Columns"/> order).</summary>
    public static void Bind(SqliteParameterCollection parameters, Lease lease)
    {
        parameters[0].Value = AddressKey(lease.Address);
        parameters[1].Value = MacAddressText.Format(lease.Mac);
        parameters[2].Value = (long)lease.State;
        parameters[3].Value = lease.Start.ToUnixTimeMilliseconds();
        parameters[4].Value = lease.Expires.ToUnixTimeMilliseconds();
        parameters[5].Value = (object?)lease.Hostname ?? DBNull.Value;
        parameters[6].Value = (object?)lease.ClientId ?? DBNull.Value;
    }

    /// <summary>Reads the current row (selected as <see cref="Columns"/>); on false, <paramref name="reason"/> says what is wrong.</summary>
    public static bool TryRead(SqliteDataReader row, out Lease? lease, out string addressText, out string reason)
    {
        lease = null;
        addressText = row.IsDBNull(0) ? "(null)" : Convert.ToString(row.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty;
        if (row.GetValue(0) is not string text || !IPAddress.TryParse(text, out var address) || AddressKey(address) != text
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            reason = "address is not an IP address in canonical form";
            return false;
        }

        if (row.GetValue(1) is not string macText || !MacAddressText.TryParse(macText, out var mac))
        {
            reason = $"mac '{row.GetValue(1)}' is not of the form aa:bb:cc:dd:ee:ff";
            return false;
        }

        if (row.GetValue(2) is not long stateNumber || stateNumber is < 1 or > int.MaxValue || !Enum.IsDefined((LeaseState)(int)stateNumber))
        {
            reason = $"state '{row.GetValue(2)}' is not 1 (active), 2 (released) or 3 (declined)";
            return false;
        }

        if (!TryReadTime(row.GetValue(3), out var start) || !TryReadTime(row.GetValue(4), out var expires))
        {
            reason = $"start '{row.GetValue(3)}' or expires '{row.GetValue(4)}' is not a time in unix milliseconds";
            return false;
        }

        if (row.GetValue(5) is not (DBNull or string))
        {
            reason = $"hostname '{row.GetValue(5)}' is not text";
            return false;
        }

        if (row.GetValue(6) is not (DBNull or string))
        {
            reason = $"client_id '{row.GetValue(6)}' is not text";
            return false;
        }

        lease = new Lease(address, mac, (LeaseState)stateNumber, start, expires) { Hostname = row.GetValue(5) as string, ClientId = row.GetValue(6) as string };
        reason = string.Empty;
        return true;
    }

    private static bool TryReadTime(object value, out DateTimeOffset time)
    {
        time = default;
        if (value is not long ms || ms < MinUnixMs || ms > MaxUnixMs)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}
