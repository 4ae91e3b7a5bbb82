namespace PxeHost.Boot.Plan;

/// <summary>
/// What one client boots, ready for a renderer: a menu of resolved entries (one entry and a zero
/// timeout when the machine has a single profile), and the loader it runs. Renderers are pure
/// functions from this to text.
/// </summary>
public sealed record ClientPlan
{
    public required BootLoader Loader { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<ResolvedEntry> Entries { get; init; }

    /// <summary>Id of the entry booted when the timeout runs out.</summary>
    public required string DefaultEntry { get; init; }

    /// <summary>Zero boots the default at once; null waits for a choice.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Serial console for loaders that drive their own (PXELINUX <c>serial</c>, GRUB <c>serial</c>/<c>terminal</c>); null: none.</summary>
    public int? SerialPort { get; init; }

    /// <summary>The client is UEFI: memtest and local boot differ (memtest86+x64.efi, <c>exit</c>).</summary>
    public bool IsUefi { get; init; }

    /// <summary>
    /// Who the plan is for, as the rendered file's header comment names it (e.g. the MAC and the
    /// machine's name); no effect on the boot. Null: the header names no client.
    /// </summary>
    public string? Client { get; init; }

    /// <summary>Entries of the menu this client's loader or firmware cannot boot, each as "title: why"; the rendered file says so in comments.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];
}
