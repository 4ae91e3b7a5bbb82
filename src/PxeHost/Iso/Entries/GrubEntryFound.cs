namespace PxeHost.Iso.Entries;

/// <summary>What one menuentry boots: a kernel (null when none), its initrds and arguments, as GRUB paths.</summary>
internal sealed record GrubEntryFound(string? Kernel, IReadOnlyList<string> Initrds, string Arguments, bool OtherLoader, bool Conditional);
