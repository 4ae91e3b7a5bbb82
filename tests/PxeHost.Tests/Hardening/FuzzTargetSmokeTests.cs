using PxeHost.Fuzz;

namespace PxeHost.Tests.Hardening;

/// <summary>
/// Each target of the fuzz harness (tests/fuzz, run at length by run.sh) for a moment: the seeds and
/// a few thousand of their mutants, with a fixed seed, must raise nothing but the codecs' documented
/// parse failures. Keeps the harness building and its targets honest between fuzzing runs.
/// </summary>
public sealed class FuzzTargetSmokeTests : IDisposable
{
    private readonly string _findings = Directory.CreateTempSubdirectory("pxh-fuzz-").FullName;

    public static TheoryData<string> Targets() => [.. CodecTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_target_survives_its_seeds_and_their_mutants(string name)
    {
        var target = CodecTargets.Named(name);
        using var log = new StringWriter();
        var loop = new MutationLoop(target, Seeds.For(name), _findings, log);

        loop.Run(TimeSpan.FromSeconds(3), seed: 9, maxExecutions: name == "config" ? 500 : 20_000);

        Assert.True(loop.Executions > Seeds.For(name).Count);
        Assert.True(loop.Findings.Count == 0, log.ToString());
    }

    [Fact]
    public void The_seeds_include_every_golden_capture_and_a_boot_server_request()
    {
        var dhcp = Seeds.For("dhcp");
        Assert.Equal(11, dhcp.Count);
        Assert.All(dhcp, d => Assert.True(Protocol.Dhcp.DhcpMessageCodec.TryParse(d, out _, out _)));
    }

    [Fact]
    public void An_exception_in_a_target_is_reported_once_with_its_input_saved()
    {
        var throwing = new FuzzTarget("throwing", DatagramKind.Opaque, data => throw new InvalidOperationException(data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var log = new StringWriter();
        var loop = new MutationLoop(throwing, [[1, 2, 3]], _findings, log);

        loop.Run(TimeSpan.FromSeconds(3), seed: 1, maxExecutions: 100);

        var finding = Assert.Single(loop.Findings);
        Assert.Equal(100, finding.Value);
        Assert.Contains("InvalidOperationException", finding.Key, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_findings, "throwing-*.bin"));
    }

    public void Dispose() => Directory.Delete(_findings, recursive: true);
}
