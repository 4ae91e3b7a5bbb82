using System.Net;

namespace PxeHost.Files;

/// <summary>Who asks for a file: rendered files name the server the client reached, and may depend on the client.</summary>
/// <param name="Server">The local address the request came to.</param>
/// <param name="Client">The client's address, when known.</param>
/// <param name="Purpose">A real fetch, or a probe that only wants to know the file's size and version.</param>
public sealed record FileRequest(IPAddress Server, IPAddress? Client, FilePurpose Purpose = FilePurpose.Fetch)
{
    /// <summary>A fetch from the loopback address, for tools and tests.</summary>
    public static FileRequest Local { get; } = new(IPAddress.Loopback, null);
}
