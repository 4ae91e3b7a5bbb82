using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>TFTP log messages; event ids 3xxx.</summary>
internal static partial class TftpLog
{
    [LoggerMessage(LogEventIds.Tftp.Listening, LogLevel.Information, "TFTP serving {Root} on {Endpoint} (transfer ports {Ports})")]
    public static partial void Listening(ILogger logger, string root, EndPoint endpoint, string ports);

    [LoggerMessage(LogEventIds.Tftp.TransferEnded, LogLevel.Information,
        "tftp {Client} \"{File}\" {Bytes} bytes blksize={BlockSize} windowsize={WindowSize} in {DurationMs} ms ({Rate} MB/s): {Outcome}{Reason}, {Retransmits} retransmits, rto={RtoMs} ms")]
    public static partial void TransferEnded(
        ILogger logger, ClientLabel client, string file, long bytes, int blockSize, int windowSize,
        long durationMs, string rate, TftpTransferOutcome outcome, string reason, int retransmits, long rtoMs);

    [LoggerMessage(LogEventIds.Tftp.Refused, LogLevel.Warning, "tftp {Client} \"{File}\" refused with error {Code}: {Reason}")]
    public static partial void Refused(ILogger logger, ClientLabel client, string file, TftpErrorCode code, string reason);

    [LoggerMessage(LogEventIds.Tftp.Retransmit, LogLevel.Debug,
        "tftp {Client} \"{File}\" timeout after {TimeoutMs} ms: resending from {What} (retry {Retry})")]
    public static partial void Retransmit(ILogger logger, ClientLabel client, string file, long timeoutMs, string what, int retry);

    [LoggerMessage(LogEventIds.Tftp.Malformed, LogLevel.Debug, "tftp {Client} malformed packet dropped: {Error}")]
    public static partial void Malformed(ILogger logger, EndPoint client, TftpParseError error);

    [LoggerMessage(LogEventIds.Tftp.TransferFailed, LogLevel.Error, "tftp {Client} \"{File}\" transfer failed")]
    public static partial void TransferFailed(ILogger logger, Exception exception, ClientLabel client, string file);

    [LoggerMessage(LogEventIds.Tftp.ReceiveFailed, LogLevel.Error, "tftp receive loop error")]
    public static partial void ReceiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogEventIds.Tftp.DuplicateRequest, LogLevel.Debug, "tftp {Client} \"{File}\" repeated request ignored: the client is retransmitting and its transfer is under way")]
    public static partial void DuplicateRequest(ILogger logger, ClientLabel client, string file);

    [LoggerMessage(LogEventIds.Tftp.Opened, LogLevel.Debug, "tftp {Client} \"{File}\" from {Source}: {Path}")]
    public static partial void Opened(ILogger logger, ClientLabel client, string file, string source, string path);

    [LoggerMessage(LogEventIds.Tftp.IgnoredOnListener, LogLevel.Debug, "tftp {Client} ignored {Opcode} on the listening port")]
    public static partial void IgnoredOnListener(ILogger logger, EndPoint client, TftpOpcode opcode);

    [LoggerMessage(LogEventIds.Tftp.SendFailed, LogLevel.Debug, "tftp {Client} cannot be answered ({What}): {Error}")]
    public static partial void SendFailed(ILogger logger, EndPoint client, string what, SocketError error);

    [LoggerMessage(LogEventIds.Tftp.Busy, LogLevel.Debug, "tftp {Client} \"{File}\" refused as busy: {Active} transfers under way, at most {Limit} {Scope}")]
    public static partial void Busy(ILogger logger, ClientLabel client, string file, int active, int limit, string scope);

    [LoggerMessage(LogEventIds.Tftp.SourcePortZero, LogLevel.Debug, "tftp {Client} dropped: source port 0 cannot be answered")]
    public static partial void SourcePortZero(ILogger logger, EndPoint client);

    [LoggerMessage(LogEventIds.Tftp.ReceiveBuffer, LogLevel.Information, "TFTP listening socket {Endpoint}: receive buffer {Bytes} bytes (asked {Asked}{How})")]
    public static partial void ReceiveBuffer(ILogger logger, EndPoint endpoint, int bytes, int asked, string how);

    [LoggerMessage(LogEventIds.Tftp.ReceiveError, LogLevel.Warning, "TFTP listening socket {Endpoint}: receive error {Error}; still listening")]
    public static partial void ReceiveError(ILogger logger, EndPoint endpoint, SocketError error);

    [LoggerMessage(LogEventIds.Tftp.BurstReleased, LogLevel.Information, "TFTP idle after a burst of transfers: memory given back, managed heap now {HeapBytes} bytes")]
    public static partial void BurstReleased(ILogger logger, long heapBytes);
}
