namespace PxeHost.Http.Api;

/// <summary>A TFTP or HTTP transfer in progress.</summary>
/// <param name="Protocol">tftp or http.</param>
/// <param name="File">The file asked for (the HTTP path without its leading slash).</param>
/// <param name="Mac">The client's MAC, when DHCP told the server.</param>
/// <param name="ClientIp">The client's address.</param>
/// <param name="Bytes">Bytes the client acknowledged so far (TFTP); null for HTTP, which tells only at the end.</param>
/// <param name="Size">The file's size, when known.</param>
/// <param name="Started">When the request came (UTC, ISO 8601).</param>
public sealed record TransferView(string Protocol, string File, string? Mac, string? ClientIp, long? Bytes, long? Size, DateTimeOffset Started);
