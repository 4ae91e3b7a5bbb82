using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>
/// Receives on a transfer socket with a deadline, without a thread per transfer. A datagram already
/// queued completes the receive synchronously (the socket tries before it waits); the timer source is reused
/// while it has not fired, so the steady state allocates nothing per packet.
/// </summary>
internal sealed class TimedReceiver(Socket socket, TimeProvider time, CancellationToken stopping) : IDisposable
{
    private CancellationTokenSource? _timer;
    private CancellationTokenRegistration _link;

    /// <summary>The datagram's length, or -1 when the timeout passed first.</summary>
    public async ValueTask<int> ReceiveAsync(byte[] buffer, TimeSpan timeout)
    {
        stopping.ThrowIfCancellationRequested();
        if (timeout <= TimeSpan.Zero)
        {
            return -1;
        }

        var timer = GetTimer();
        timer.CancelAfter(timeout);
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timer.Token).ConfigureAwait(false);
            if (!timer.TryReset())
            {
                DropTimer();
            }

            return received;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            DropTimer();
            return -1;
        }
    }

    private CancellationTokenSource GetTimer()
    {
        if (_timer is null)
        {
            _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _link = stopping.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timer);
        }

        return _timer;
    }

    private void DropTimer()
    {
        _link.Dispose();
        _timer?.Dispose();
        _timer = null;
    }

    public void Dispose() => DropTimer();
}
