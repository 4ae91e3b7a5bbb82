namespace PxeHost.Events;

/// <summary>An HTTP request arrived (a boot file, a script, a kernel).</summary>
public sealed record HttpRequestStarted : BootEvent
{
    public required string Method { get; init; }

    public required string Path { get; init; }
}
