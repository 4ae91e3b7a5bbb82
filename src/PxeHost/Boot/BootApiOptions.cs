namespace PxeHost.Boot;

/// <summary>API mode: <c>GET {Url}v1/boot/MAC?arch=N</c> says what a machine boots, within <see cref="Timeout"/>.</summary>
public sealed record BootApiOptions(Uri Url, TimeSpan Timeout);
