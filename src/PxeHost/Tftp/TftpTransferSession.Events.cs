using PxeHost.Events;

namespace PxeHost.Tftp;

/// <summary>The transfer's steps on the boot-event stream; the stream names the MAC behind the client's address.</summary>
internal sealed partial class TftpTransferSession
{
    private ProgressThrottle? _progress;

    /// <summary>The transfer's packets its end event keeps; null when no one records events.</summary>
    private TftpTransferCapture? _capture;

    private void PublishStarted()
    {
        if (_services.Events is not { } events)
        {
            return;
        }

        _progress = new ProgressThrottle(_time);
        _capture = new TftpTransferCapture(_time, _client);
        events.Publish(new TftpTransferStarted
        {
            ClientIp = _client.Address,
            ClientPort = _client.Port,
            File = _request.Filename,
            Mode = _request.Mode,
            Options = _request.Options,
            Packets = received is null ? [] : [received],
        });
    }

    /// <summary>Called as ACKs move the transfer on; publishes only as often as <see cref="ProgressThrottle"/> allows.</summary>
    private void OnProgress(long bytes, long size)
    {
        if (_services.Events is { } events && _progress?.ShouldReport(bytes) == true)
        {
            events.Publish(new TftpTransferProgress { ClientIp = _client.Address, ClientPort = _client.Port, File = _request.Filename, Bytes = bytes, Size = size });
        }
    }

    private void PublishEnded(Result result, TimeSpan duration) =>
        _services.Events?.Publish(new TftpTransferEnded
        {
            ClientIp = _client.Address,
            ClientPort = _client.Port,
            File = _request.Filename,
            Outcome = result.Outcome,
            Bytes = result.Bytes,
            Size = result.Size,
            BlockSize = result.BlockSize,
            WindowSize = result.WindowSize,
            Retransmits = result.Retransmits,
            Duration = duration,
            Reason = result.Reason,
            Packets = _capture?.Packets ?? [],
        });
}
