namespace PxeHost.Boot;

/// <summary>
/// One menu line: its boot server type (0 is "boot from the local disk", PXE 2.1 table 2-1; PxeHost
/// numbers its own entries from 0x8001, the vendor range), the title and the boot file it loads.
/// </summary>
public sealed record PxeMenuEntry(ushort Type, string Title, string? BootFile)
{
    public const ushort LocalBootType = 0;

    public bool IsLocalBoot => Type == LocalBootType;
}
