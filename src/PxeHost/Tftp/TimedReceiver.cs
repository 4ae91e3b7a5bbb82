using System.Net.Sockets;

namespace PxeHost.Tftp;

/// <summary>
/// Receives on a transfer socket with a deadline, without a thread per transfer. A datagram already
/// queued is taken synchronously (the common case with windows); the timer source is reused
/// while it has not fired, so the steady state allocates nothing per packet.
/// </summary>
/// <remarks>
/// Lockstep transfers are bound by the round trip: on a LAN the ACK comes back in tens of
/// microseconds, less than an asynchronous wake-up costs. While few transfers run (at most one per
/// core, <paramref name="mayWaitBriefly"/>) the receiver first waits on the socket for a short while
/// in place, and only then parks asynchronously.
/// </remarks>
internal sealed class TimedReceiver(Socket socket, TimeProvider time, Func<bool> mayWaitBriefly, CancellationToken stopping) : IDisposable
{
    private static readonly TimeSpan BriefWait = TimeSpan.FromMilliseconds(1);

    private CancellationTokenSource? _timer;
    private CancellationTokenRegistration _link;

    /// <summary>The datagram's length, or -1 when the timeout passed first.</summary>
    public async ValueTask<int> ReceiveAsync(byte[] buffer, TimeSpan timeout)
    {
        stopping.ThrowIfCancellationRequested();
        if (socket.Available > 0)
        {
            return socket.Receive(buffer);
        }

        if (timeout <= TimeSpan.Zero)
        {
            return -1;
        }

        if (mayWaitBriefly())
        {
            var brief = timeout < BriefWait ? timeout : BriefWait;
            if (socket.Poll(brief, SelectMode.SelectRead))
            {
                return socket.Receive(buffer);
            }
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
