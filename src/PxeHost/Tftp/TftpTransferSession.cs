using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Tftp;

/// <summary>
/// One request, served from its own UDP port (its transfer id, RFC 1350 §4): refuse it, or run a
/// <see cref="TftpReadTransfer"/> over a socket connected to the client until it ends.
/// The socket loop only receives, parses, asks the state machine and sends.
/// </summary>
internal sealed partial class TftpTransferSession(
    TftpServices services, IPEndPoint client, IPAddress localAddress, TftpRequestPacket request, UdpPacket? received = null)
{
    private readonly TftpServices _services = services;
    private readonly IPEndPoint _client = client;

    /// <summary>The client as log lines name it: its MAC when DHCP told the server, then its address and port.</summary>
    private readonly ClientLabel _label = ClientLabel.Of(client, services.Events?.Clients);
    private readonly TftpRequestPacket _request = request;

    /// <summary>The requested name as the log shows it: the client chose it, control characters and all.</summary>
    private readonly string _shownName = LogText.Escape(request.Filename);
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
        var started = _time.GetTimestamp();
        _services.Metrics.TftpTransferStarted();
        PublishStarted();
        var result = new Result(TftpTransferOutcome.Cancelled, string.Empty);
        try
        {
            using var socket = TransferSocket.Bind(localAddress, _options.PortRange, _client);
            _capture?.BoundTo(socket);
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
        catch (SocketException e)
        {
            // The client cannot be reached from here: no route, a broadcast source (EACCES), an
            // invalid address. A forged request costs one failed send, not an error.
            _services.Metrics.TftpSendFailed();
            TftpLog.SendFailed(_logger, _client, "transfer", e.SocketErrorCode);
            result = result with { Outcome = TftpTransferOutcome.ClientGone, Reason = $"cannot send to the client: {e.SocketErrorCode}" };
        }
#pragma warning disable CA1031 // The per-transfer boundary: one broken transfer must not stop the server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            TftpLog.TransferFailed(_logger, e, _label, _shownName);
            result = result with { Outcome = TftpTransferOutcome.TimedOut, Reason = e.Message };
        }
        finally
        {
            _services.Metrics.TftpTransferEnded(result.Outcome, result.Bytes, result.Retransmits, _time.GetElapsedTime(started));
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

        var answer = _services.Files.Open(_request.Filename, new FileRequest(localAddress, _client.Address));
        if (answer.Refusal is { } refused)
        {
            return Refuse(socket, refused);
        }

        var file = answer.File!;
        TftpLog.Opened(_logger, _label, _shownName, file.Source, file.DisplayName);
        OpenedFile content;
        try
        {
            content = await PrepareAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // A read error while loading (EIO from a failing disk): the client gets an error, not silence.
            return Refuse(socket, new FileRefusal(TftpErrorCode.NotDefined, $"cannot read {file.DisplayName}: {e.Message}"));
        }

        using (content)
        {
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
    }

    private FileRefusal? CheckRequest()
    {
        if (!_request.IsRead)
        {
            return new FileRefusal(TftpErrorCode.AccessViolation, "write request: this server is read-only");
        }

        return IsOctet || IsNetascii
            ? null
            : new FileRefusal(TftpErrorCode.IllegalOperation, $"transfer mode '{_request.Mode}' is not supported");
    }

    private bool IsOctet => string.Equals(_request.Mode, "octet", StringComparison.OrdinalIgnoreCase);

    private bool IsNetascii => string.Equals(_request.Mode, "netascii", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The bytes to send: shared through the cache, and encoded as they are sent when the client
    /// asked for netascii (a copy per request would hold a file twice over for each client).
    /// </summary>
    private async Task<OpenedFile> PrepareAsync(OpenedFile file, CancellationToken cancellationToken)
    {
        var content = await _services.Cache.OpenAsync(file, cancellationToken).ConfigureAwait(false);
        if (!IsNetascii)
        {
            return content;
        }

        try
        {
            return NetasciiFile.Open(content);
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    private Result Refuse(Socket socket, FileRefusal refusal)
    {
        TftpLog.Refused(_logger, _label, _shownName, refusal.Code, refusal.Reason);
        var error = TftpPacketCodec.ToArray(new TftpErrorPacket(refusal.Code, ClientMessage(refusal.Code)));
        socket.Send(error);
        _capture?.Sent(error);
        return new Result(TftpTransferOutcome.Refused, refusal.Reason);
    }

    private static string ClientMessage(TftpErrorCode code) => code switch
    {
        TftpErrorCode.FileNotFound => "File not found",
        TftpErrorCode.AccessViolation => "Access violation",
        TftpErrorCode.IllegalOperation => "Illegal operation",
        _ => "Error",
    };

    private void LogEnded(Result result, TimeSpan duration)
    {
        var seconds = Math.Max(duration.TotalSeconds, 1e-6);
        var rate = (result.Bytes / seconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture);
        TftpLog.TransferEnded(
            _logger, _label, _shownName, result.Bytes, result.BlockSize, result.WindowSize,
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
