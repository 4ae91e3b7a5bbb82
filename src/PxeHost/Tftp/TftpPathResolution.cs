using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// The outcome of mapping a requested name onto the root: a real path inside it, or the error
/// the client gets and the reason the log gets.
/// </summary>
public sealed record TftpPathResolution(string? FullPath, TftpErrorCode Error, string Reason)
{
    public bool IsResolved => FullPath is not null;

    /// <summary>Set for content rendered in memory (per-client configurations); <see cref="FullPath"/> then describes it.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    public static TftpPathResolution FromMemory(string description, ReadOnlyMemory<byte> content) =>
        new(description, TftpErrorCode.NotDefined, string.Empty) { Content = content };

    public static TftpPathResolution Resolved(string fullPath) => new(fullPath, TftpErrorCode.NotDefined, string.Empty);

    public static TftpPathResolution Refused(TftpErrorCode error, string reason) => new(null, error, reason);
}
