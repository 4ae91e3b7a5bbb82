namespace PxeHost.Boot;

/// <summary>The boot API's answer for one machine: kernel and initrd URLs and the command line.</summary>
public sealed record BootApiAnswer(string? Kernel, IReadOnlyList<string>? Initrd, string? Cmdline);
