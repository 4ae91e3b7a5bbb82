namespace PxeHost.Boot.Plan;

/// <summary>
/// One boot entry of the plan. File references (kernel, initrds) are either http(s) URLs, used as
/// they are, or paths served by PxeHost — relative to the TFTP root, or absolute paths on the server,
/// which are published under <c>/files/{profile}/{file name}</c>. The command line may use the
/// variables <c>${server}</c>, <c>${http}</c> (http://server[:port]), <c>${mac}</c>, <c>${ip}</c> and
/// <c>${hostname}</c>, filled per client when rendering.
/// </summary>
public sealed record BootProfile
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public ProfileKind Kind { get; init; } = ProfileKind.Linux;

    public string? Kernel { get; init; }

    public IReadOnlyList<string> Initrds { get; init; } = [];

    public string CommandLine { get; init; } = string.Empty;

    /// <summary>For <see cref="ProfileKind.Chain"/>: where to chain to.</summary>
    public string? ChainTarget { get; init; }

    /// <summary>For <see cref="ProfileKind.WholeImage"/>: the image as served (<c>iso/NAME.iso</c>).</summary>
    public string? Image { get; init; }

    /// <summary>The firmware the entry is offered to: an image's entry may be for BIOS or UEFI only.</summary>
    public Iso.IsoFirmware Firmware { get; init; } = Iso.IsoFirmware.Bios | Iso.IsoFirmware.Uefi;
}
