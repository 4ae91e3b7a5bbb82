namespace PxeHost.Boot;

/// <summary>
/// Netboot GRUB as built by <see cref="GrubNetboot.BuildAsync(string, Microsoft.Extensions.Logging.ILogger, CancellationToken)"/>:
/// the boot file names to hand PXE clients and every file the images fetch afterwards.
/// </summary>
/// <param name="Directory">The cache folder holding this build (its <c>grub/</c> folder is the prefix).</param>
/// <param name="BiosImage">Boot file for BIOS PXE clients, relative to the TFTP root: <c>grub/i386-pc/core.0</c>.</param>
/// <param name="UefiImage">Boot file for UEFI x64 PXE clients: <c>grub/x86_64-efi/core.efi</c>.</param>
/// <param name="Arm64Image">Boot file for UEFI arm64 clients when grub-efi-arm64-bin is installed, else null.</param>
/// <param name="Files">
/// Every served name (relative, '/'-separated, e.g. <c>grub/x86_64-efi/normal.mod</c>) → absolute path,
/// for a <see cref="Files.NamedFileSource"/> that TFTP and HTTP share. The images carry the
/// prefix <c>/grub</c> and load modules and <c>grub/grub.cfg</c> from the server they booted from, so
/// these names must be served as they are.
/// </param>
public sealed record GrubNetbootFiles(
    string Directory,
    string BiosImage,
    string UefiImage,
    string? Arm64Image,
    IReadOnlyDictionary<string, string> Files);
