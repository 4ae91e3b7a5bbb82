namespace PxeHost.Iso.Entries;

/// <summary>The GRUB file a command comes from and how deep in source/configfile it was read.</summary>
internal sealed record GrubFile(string Path, int Depth);
