using System.Net;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>TFTP log messages; event ids 3xxx.</summary>
internal static partial class TftpLog
{
    [LoggerMessage(3000, LogLevel.Information, "TFTP serving {Root} on {Endpoint} (transfer ports {Ports})")]
    public static partial void Listening(ILogger logger, string root, EndPoint endpoint, string ports);

    [LoggerMessage(3001, LogLevel.Information,
        "tftp {Client} \"{File}\" {Bytes} bytes blksize={BlockSize} windowsize={WindowSize} in {DurationMs} ms ({Rate} MB/s): {Outcome}{Reason}, {Retransmits} retransmits, rto={RtoMs} ms")]
    public static partial void TransferEnded(
        ILogger logger, IPEndPoint client, string file, long bytes, int blockSize, int windowSize,
        long durationMs, string rate, TftpTransferOutcome outcome, string reason, int retransmits, long rtoMs);

    [LoggerMessage(3002, LogLevel.Warning, "tftp {Client} \"{File}\" refused with error {Code}: {Reason}")]
    public static partial void Refused(ILogger logger, IPEndPoint client, string file, TftpErrorCode code, string reason);

    [LoggerMessage(3003, LogLevel.Debug,
        "tftp {Client} \"{File}\" timeout after {TimeoutMs} ms: resending from {What} (retry {Retry})")]
    public static partial void Retransmit(ILogger logger, IPEndPoint client, string file, long timeoutMs, string what, int retry);

    [LoggerMessage(3004, LogLevel.Debug, "tftp {Client} malformed packet dropped: {Error}")]
    public static partial void Malformed(ILogger logger, EndPoint client, TftpParseError error);

    [LoggerMessage(3005, LogLevel.Error, "tftp {Client} \"{File}\" transfer failed")]
    public static partial void TransferFailed(ILogger logger, Exception exception, IPEndPoint client, string file);

    [LoggerMessage(3006, LogLevel.Error, "tftp receive loop error")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(3008, LogLevel.Debug, "tftp {Client} \"{File}\" repeated request ignored: the client is retransmitting and its transfer is under way")]
    public static partial void DuplicateRequest(ILogger logger, IPEndPoint client, string file);

    [LoggerMessage(3009, LogLevel.Debug, "tftp {Client} \"{File}\" from {Source}: {Path}")]
    public static partial void Opened(ILogger logger, IPEndPoint client, string file, string source, string path);

    [LoggerMessage(3007, LogLevel.Debug, "tftp {Client} ignored {Opcode} on the listening port")]
    public static partial void IgnoredOnListener(ILogger logger, EndPoint client, TftpOpcode opcode);
}
