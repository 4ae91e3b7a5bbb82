using PxeHost.Events;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Events;

public sealed class ProgressThrottleTests
{
    [Fact]
    public void Progress_is_reported_only_after_both_a_second_and_256_KiB_more()
    {
        var clock = new ManualTimeProvider();
        var throttle = new ProgressThrottle(clock);

        Assert.False(throttle.ShouldReport(10 * ProgressThrottle.MinBytes), "less than a second after the start");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.ShouldReport(10 * ProgressThrottle.MinBytes));

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(throttle.ShouldReport((10 * ProgressThrottle.MinBytes) + 1000), "a slow second: less than 256 KiB more");
        Assert.True(throttle.ShouldReport(11 * ProgressThrottle.MinBytes));
        Assert.False(throttle.ShouldReport(20 * ProgressThrottle.MinBytes), "a fast burst: less than a second after the last report");
    }
}
