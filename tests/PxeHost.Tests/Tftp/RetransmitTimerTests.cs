using PxeHost.Tftp;

namespace PxeHost.Tests.Tftp;

/// <summary>The adaptive retransmit timeout: RFC 6298 §2 estimates, clamped, with exponential backoff.</summary>
public sealed class RetransmitTimerTests
{
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(1, 10)]
    [InlineData(0, 10)]
    [InlineData(60_000, 5000)]
    public void Initial_value_is_clamped(int initialMs, int expectedMs)
    {
        var timer = new RetransmitTimer(TimeSpan.FromMilliseconds(initialMs), Floor, Ceiling);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), timer.Current);
        Assert.Equal(Ceiling, timer.Ceiling);
    }

    [Fact]
    public void First_sample_sets_srtt_and_half_of_it_as_variation()
    {
        // RFC 6298 (2.2): SRTT = R, RTTVAR = R/2, RTO = SRTT + 4*RTTVAR = 3R.
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, Ceiling);
        timer.OnSample(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromMilliseconds(600), timer.Current);
    }

    [Fact]
    public void Second_sample_follows_the_rfc6298_update()
    {
        // (2.3): RTTVAR = 3/4*100 + 1/4*|200-100| = 100, SRTT = 7/8*200 + 1/8*100 = 187.5, RTO = 587.5 ms.
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, Ceiling);
        timer.OnSample(TimeSpan.FromMilliseconds(200));
        timer.OnSample(TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(587.5), timer.Current);
    }

    [Fact]
    public void Steady_samples_converge_to_the_round_trip()
    {
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, Ceiling);
        var previous = TimeSpan.MaxValue;
        for (var i = 0; i < 200; i++)
        {
            timer.OnSample(TimeSpan.FromMilliseconds(40));
            Assert.True(timer.Current <= previous, $"sample {i}: {timer.Current} rose above {previous}");
            previous = timer.Current;
        }

        // RTTVAR decays by 3/4 per sample, so SRTT + 4*RTTVAR tends to SRTT = 40 ms.
        Assert.InRange(timer.Current.TotalMilliseconds, 40, 40.01);
    }

    [Fact]
    public void Varied_samples_track_an_independent_rfc6298_model()
    {
        double[] samples = [12, 15, 9, 30, 11, 250, 14, 13, 12, 80, 10, 11, 12, 13, 400, 9, 9, 9, 9, 9];
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, Ceiling);
        double srtt = 0, rttvar = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var r = samples[i];
            if (i == 0)
            {
                srtt = r;
                rttvar = r / 2;
            }
            else
            {
                rttvar = (0.75 * rttvar) + (0.25 * Math.Abs(srtt - r));
                srtt = (0.875 * srtt) + (0.125 * r);
            }

            timer.OnSample(TimeSpan.FromMilliseconds(r));
            var expected = Math.Clamp(srtt + (4 * rttvar), Floor.TotalMilliseconds, Ceiling.TotalMilliseconds);
            Assert.InRange(timer.Current.TotalMilliseconds, expected - 0.001, expected + 0.001);
        }
    }

    [Fact]
    public void Estimate_below_the_floor_is_raised_to_it()
    {
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50), Ceiling);
        timer.OnSample(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(50), timer.Current);
        for (var i = 0; i < 50; i++)
        {
            timer.OnSample(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), timer.Current);
    }

    [Fact]
    public void Estimate_above_the_ceiling_is_lowered_to_it()
    {
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, TimeSpan.FromSeconds(2));
        timer.OnSample(TimeSpan.FromSeconds(1)); // 3 s unclamped
        Assert.Equal(TimeSpan.FromSeconds(2), timer.Current);
    }

    [Fact]
    public void Timeouts_double_up_to_the_ceiling()
    {
        var timer = new RetransmitTimer(TimeSpan.FromMilliseconds(100), Floor, TimeSpan.FromSeconds(1));
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromMilliseconds(200), timer.Current);
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromMilliseconds(400), timer.Current);
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromMilliseconds(800), timer.Current);
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromSeconds(1), timer.Current);
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromSeconds(1), timer.Current);
    }

    [Fact]
    public void Backoff_starts_from_the_measured_estimate_and_a_new_sample_ends_it()
    {
        var timer = new RetransmitTimer(TimeSpan.FromSeconds(1), Floor, Ceiling);
        timer.OnSample(TimeSpan.FromMilliseconds(20)); // 60 ms
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromMilliseconds(120), timer.Current);
        timer.OnTimeout();
        Assert.Equal(TimeSpan.FromMilliseconds(240), timer.Current);

        // RTTVAR = 3/4*10 + 1/4*0 = 7.5, SRTT = 20: RTO = 50 ms, the backed-off value is dropped.
        timer.OnSample(TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromMilliseconds(50), timer.Current);
    }
}
