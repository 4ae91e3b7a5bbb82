using System.Diagnostics;
using Xunit.Abstractions;

namespace PxeHost.Protocol.Tests.Iso;

/// <summary>The default limits admit a distribution-sized tree, and the walk over it is quick.</summary>
public sealed class LargeTreeTests(ITestOutputHelper output) : IDisposable
{
    private readonly SourceFolder _source = new();

    [Fact]
    public void Ten_thousand_files_with_long_rock_ridge_and_joliet_names_open_under_the_default_limits()
    {
        for (var folder = 0; folder < 50; folder++)
        {
            for (var file = 0; file < 200; file++)
            {
                _source.File($"pool/main/package-{folder:D3}/package-{folder:D3}-with-a-long-debian-style-name_{file:D3}_amd64.deb", file % 3);
            }
        }

        var image = _source.MasterBytes("-R", "-J", "-joliet-long");
        var clock = Stopwatch.StartNew();
        var volume = IsoAssert.Open(image);
        clock.Stop();
        output.WriteLine($"{image.Length} bytes, opened in {clock.Elapsed.TotalMilliseconds:F0} ms");

        var pool = volume.Find("pool/main")!;
        Assert.Equal(50, pool.Children.Count);
        Assert.All(pool.Children, c => Assert.Equal(200, c.Children.Count));
        Assert.Equal(199 % 3, volume.Find("pool/main/package-049/package-049-with-a-long-debian-style-name_199_amd64.deb")!.Length);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"opening took {clock.Elapsed}");
    }

    public void Dispose() => _source.Dispose();
}
