using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// One request, served from its own UDP port (its transfer id, RFC 1350 §4): refuse it, or run a
/// <see cref="TftpReadTransfer"/> over a socket connected to the client until it ends.
/// The socket loop only receives, parses, asks the state machine and sends.
/// </summary>
internal sealed partial class TftpTransferSession(
    TftpServices services, IPEndPoint client, IPAddress localAddress, TftpRequestPacket request)
{
    private readonly TftpServices _services = services;
    private readonly IPEndPoint _client = client;
    private readonly TftpRequestPacket _request = request;
    private readonly TftpServerOptions _options = services.Options;
    private readonly ILogger _logger = services.Logger;
    private readonly TimeProvider _time = services.Time;
    private bool _heard;

    /// <summary>
    /// True once the client acknowledged or answered anything: until then a repeated request from
    /// the same client for the same file is its retransmission, not a new transfer.
    /// </summary>
    public bool HasHeardFromClient
    {
        get => Volatile.Read(ref _heard);
        private set => Volatile.Write(ref _heard, value);
    }

    public TftpTransferKey Key => new(_client, _request.Filename);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _services.Metrics.TftpTransferStarted();
        PublishStarted();
        var started = _time.GetTimestamp();
        var result = new Result(TftpTransferOutcome.Cancelled, string.Empty);
        try
        {
            using var socket = TransferSocket.Bind(localAddress, _options.PortRange, _client);
            result = await ServeAsync(socket, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = result with { Outcome = TftpTransferOutcome.Cancelled };
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            result = result with { Outcome = TftpTransferOutcome.ClientGone, Reason = "port unreachable" };
        }
#pragma warning disable CA1031 // The per-transfer boundary: one broken transfer must not stop the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            TftpLog.TransferFailed(_logger, e, _client, _request.Filename);
            result = result with { Outcome = TftpTransferOutcome.TimedOut, Reason = e.Message };
        }
        finally
        {
            _services.Metrics.TftpTransferEnded(result.Outcome, result.Bytes, result.Retransmits);
        }

        var duration = _time.GetElapsedTime(started);
        PublishEnded(result, duration);
        if (result.Outcome != TftpTransferOutcome.Refused)
        {
            LogEnded(result, duration);
        }
    }

    private async Task<Result> ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var refusal = CheckRequest();
        if (refusal is not null)
        {
            return Refuse(socket, refusal);
        }

        var resolution = _services.Root.Resolve(_request.Filename, localAddress, _client.Address);
        if (!resolution.IsResolved)
        {
            return Refuse(socket, resolution);
        }

        using var content = resolution.Content is { } rendered
            ? new MemoryFileContent(rendered)
            : await OpenAsync(resolution.FullPath!, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return Refuse(socket, TftpPathResolution.Refused(
                TftpErrorCode.AccessViolation, TftpRoot.DescribeUnreadable(resolution.FullPath!)));
        }

        var parameters = TftpOptionNegotiator.Negotiate(_request, content.Length, _options.Limits);
        var ceiling = parameters.TimeoutSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : _options.MaxTimeout;
        var loop = new TransferLoop(
            socket,
            content,
            parameters,
            new TftpReadTransfer(content.Length, parameters, _options.MaxRetries),
            new RetransmitTimer(_options.InitialTimeout, _options.MinTimeout, ceiling),
            this);
        return await loop.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private TftpPathResolution? CheckRequest()
    {
        if (!_request.IsRead)
        {
            return TftpPathResolution.Refused(TftpErrorCode.AccessViolation, "write request: this server is read-only");
        }

        return IsOctet || IsNetascii
            ? null
            : TftpPathResolution.Refused(TftpErrorCode.IllegalOperation, $"transfer mode '{_request.Mode}' is not supported");
    }

    private bool IsOctet => string.Equals(_request.Mode, "octet", StringComparison.OrdinalIgnoreCase);

    private bool IsNetascii => string.Equals(_request.Mode, "netascii", StringComparison.OrdinalIgnoreCase);

    private async Task<FileContent?> OpenAsync(string path, CancellationToken cancellationToken)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var content = await _services.Cache.OpenAsync(path, handle, cancellationToken).ConfigureAwait(false);
        if (!IsNetascii)
        {
            return content;
        }

        using (content)
        {
            var raw = new byte[content.Length];
            content.Read(0, raw);
            return new MemoryFileContent(Netascii.Encode(raw));
        }
    }

    private Result Refuse(Socket socket, TftpPathResolution refusal)
    {
        TftpLog.Refused(_logger, _client, _request.Filename, refusal.Error, refusal.Reason);
        Send(socket, new TftpErrorPacket(refusal.Error, ClientMessage(refusal.Error)));
        return new Result(TftpTransferOutcome.Refused, refusal.Reason);
    }

    private static string ClientMessage(TftpErrorCode code) => code switch
    {
        TftpErrorCode.FileNotFound => "File not found",
        TftpErrorCode.AccessViolation => "Access violation",
        TftpErrorCode.IllegalOperation => "Illegal operation",
        _ => "Error",
    };

    private static void Send(Socket socket, TftpPacket packet)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TftpPacketCodec.GetLength(packet));
        try
        {
            var length = TftpPacketCodec.WriteTo(packet, buffer);
            socket.Send(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void LogEnded(Result result, TimeSpan duration)
    {
        var seconds = Math.Max(duration.TotalSeconds, 1e-6);
        var rate = (result.Bytes / seconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture);
        TftpLog.TransferEnded(
            _logger, _client, _request.Filename, result.Bytes, result.BlockSize, result.WindowSize,
            (long)duration.TotalMilliseconds, rate, result.Outcome,
            result.Reason.Length > 0 ? $" ({result.Reason})" : string.Empty,
            result.Retransmits, (long)result.Timeout.TotalMilliseconds);
    }

    private readonly record struct Result(
        TftpTransferOutcome Outcome,
        string Reason,
        long Bytes = 0,
        int BlockSize = TftpTransferParameters.DefaultBlockSize,
        int WindowSize = 1,
        int Retransmits = 0,
        TimeSpan Timeout = default,
        long? Size = null);
}
