namespace PxeHost.Iso.Entries;

/// <summary>
/// What <see cref="IsoEntryFinder"/> found in an image: its boot entries, first the one the image
/// boots by default, and the problems met on the way ("isolinux/isolinux.cfg:3: INCLUDE loop via
/// menu.cfg"), which never stop the scan.
/// </summary>
public sealed record IsoEntryScan(IReadOnlyList<IsoBootEntry> Entries, IReadOnlyList<string> Problems);
