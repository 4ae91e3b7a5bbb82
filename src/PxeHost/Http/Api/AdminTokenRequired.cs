namespace PxeHost.Http.Api;

/// <summary>Endpoint metadata: the route changes state, so <see cref="AdminToken"/> must accept the request before it runs (before its body is even read).</summary>
public sealed class AdminTokenRequired
{
    public static AdminTokenRequired Instance { get; } = new();
}
