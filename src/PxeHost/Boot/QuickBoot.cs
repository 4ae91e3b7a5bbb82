namespace PxeHost.Boot;

/// <summary>Quick mode (<c>pxehost boot</c>): every client boots exactly this kernel, through iPXE, over HTTP.</summary>
public sealed record QuickBoot(string Kernel, IReadOnlyList<string> Initrds, string CommandLine);
