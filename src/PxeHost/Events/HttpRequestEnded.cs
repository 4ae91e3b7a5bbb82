namespace PxeHost.Events;

/// <summary>An HTTP request was answered.</summary>
public sealed record HttpRequestEnded : BootEvent
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required int Status { get; init; }

    /// <summary>The response's Content-Length; null when it was not known up front.</summary>
    public long? Bytes { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Why a request was not served (the path is outside the root, not a MAC …); empty otherwise.</summary>
    public string Reason { get; init; } = string.Empty;
}
