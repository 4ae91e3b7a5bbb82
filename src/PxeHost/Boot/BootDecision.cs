namespace PxeHost.Boot;

/// <summary>
/// What one client is told to boot: a TFTP file name or an http URL, the vendor class to echo
/// (HTTP Boot firmware only accepts a reply that says HTTPClient), and why — for the log.
/// </summary>
public sealed record BootDecision(string? BootFile, string? VendorClass, string Reason)
{
    /// <summary>Set when the firmware is to show a PXE menu; the file then comes from port 4011 per entry.</summary>
    public PxeMenu? Menu { get; init; }

    public bool Boots => BootFile is not null || Menu is not null;

    public static BootDecision None(string reason) => new(null, null, reason);
}
