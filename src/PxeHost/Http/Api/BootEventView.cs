namespace PxeHost.Http.Api;

/// <summary>
/// One boot event as the event stream sends it: its type (the event's name: DhcpAnswered,
/// TftpTransferProgress …), when, who, and for a machine's step the timeline's words for it.
/// </summary>
/// <param name="Type">The event's type name.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Mac">The machine, when known.</param>
/// <param name="ClientIp">The client's address, when the request had one.</param>
/// <param name="Step">The timeline step kind; null for events of no machine (a plan reload).</param>
/// <param name="Asked">What was asked, as the timeline prints it.</param>
/// <param name="Answered">What was answered.</param>
/// <param name="Why">Why it was answered so.</param>
/// <param name="File">The TFTP file or HTTP path.</param>
/// <param name="Bytes">Bytes so far (transfer progress, end).</param>
/// <param name="Size">The file's size, when known.</param>
public sealed record BootEventView(
    string Type, DateTimeOffset Time, string? Mac, string? ClientIp, string? Step, string? Asked, string? Answered, string? Why, string? File, long? Bytes, long? Size);
