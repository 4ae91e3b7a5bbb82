namespace PxeHost.Tftp;

/// <summary>
/// The retransmit timeout of one transfer, adapted to the measured round trip as TCP does
/// (RFC 6298 §2): a lossy LAN recovers in milliseconds, not in the classic fixed second, while a
/// slow client is not flooded. Timeouts back off exponentially up to <see cref="Ceiling"/>, which is
/// the client's RFC 2349 timeout option when it sent one.
/// </summary>
public sealed class RetransmitTimer(TimeSpan initial, TimeSpan floor, TimeSpan ceiling)
{
    private TimeSpan _smoothed;
    private TimeSpan _variation;
    private bool _hasSample;

    public TimeSpan Current { get; private set; } = Clamp(initial, floor, ceiling);

    public TimeSpan Ceiling => ceiling;

    /// <summary>Feeds a round trip measured on a packet that was not retransmitted (Karn's rule).</summary>
    public void OnSample(TimeSpan roundTrip)
    {
        if (!_hasSample)
        {
            _smoothed = roundTrip;
            _variation = roundTrip / 2;
            _hasSample = true;
        }
        else
        {
            _variation = (_variation * 3 / 4) + ((_smoothed - roundTrip).Duration() / 4);
            _smoothed = (_smoothed * 7 / 8) + (roundTrip / 8);
        }

        Current = Clamp(_smoothed + (_variation * 4), floor, ceiling);
    }

    public void OnTimeout() => Current = Clamp(Current * 2, floor, ceiling);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) =>
        value < low ? low : value > high ? high : value;
}
