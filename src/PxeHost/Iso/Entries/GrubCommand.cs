namespace PxeHost.Iso.Entries;

/// <summary>One GRUB command: its words and the line it starts on (1-based).</summary>
internal sealed record GrubCommand(IReadOnlyList<GrubWord> Words, int Line);
