using System.Globalization;

namespace PxeHost.Storage;

/// <summary>One lease as <c>pxehost leases --json</c> and the API show it; times in UTC.</summary>
public sealed record LeaseRow(string Address, string Mac, string State, string Start, string Expires, string? Hostname)
{
    public static LeaseRow Of(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new LeaseRow(lease.Address.ToString(), MacAddressText.Format(lease.Mac), lease.State.ToString().ToLowerInvariant(), Utc(lease.Start), Utc(lease.Expires),
            lease.Hostname);
    }

    /// <summary>Leases in numeric address order (10.0.0.9 before 10.0.0.10), as rows.</summary>
    public static List<LeaseRow> Ordered(IEnumerable<Lease> leases) =>
        leases.OrderBy(l => l.Address.AddressFamily).ThenBy(l => Convert.ToHexString(l.Address.GetAddressBytes()), StringComparer.Ordinal).Select(Of).ToList();

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
