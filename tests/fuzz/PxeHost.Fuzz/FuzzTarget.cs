namespace PxeHost.Fuzz;

/// <summary>One fuzz target: a name for the command line, what its seeds are, and the code under test.</summary>
/// <param name="Name">As run.sh and the command line say it: dhcp, pxe-vendor, tftp, tftp-negotiate, config, iso.</param>
/// <param name="Kind">How the mutator may read the seeds.</param>
/// <param name="Run">
/// Feeds one input to the code under test. The codec's documented parse failure (false and a reason)
/// is a normal return; any exception is a finding.
/// </param>
/// <param name="MaxInputLength">The longest input the mutation loop makes: a datagram's size, or a small image's.</param>
public sealed record FuzzTarget(string Name, DatagramKind Kind, SharpFuzz.ReadOnlySpanAction Run, int MaxInputLength = 12 * 1024);
