using System.Net.NetworkInformation;
using System.Text.Json;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// A machine's last boot as <c>pxehost timeline MAC --json</c> prints it: the steps (what was asked,
/// what was answered) and the verdict. The server records its timeline asynchronously, so
/// <see cref="WaitForVerdictAsync"/> reads it again until the verdict is there or the time is up.
/// </summary>
public sealed record RecordedBoot(string VerdictKind, string Verdict, IReadOnlyList<RecordedStep> Steps, string Json)
{
    /// <summary>
    /// Reads the timeline of <paramref name="mac"/> (its last boot, or boot <paramref name="number"/>) until its
    /// verdict is <paramref name="kind"/> (a VerdictKind name).
    /// </summary>
    public static Task<RecordedBoot> WaitForVerdictAsync(
        string networkNamespace, string dataDirectory, PhysicalAddress mac, string kind, TimeSpan limit, int? number = null) =>
        WaitAsync(networkNamespace, dataDirectory, mac, b => b.VerdictKind == kind, $"the verdict {kind}", limit, number);

    /// <summary>Reads the last boot of <paramref name="mac"/> until a step answered with <paramref name="answered"/> (a part of it) is on record.</summary>
    public static Task<RecordedBoot> WaitForAnswerAsync(string networkNamespace, string dataDirectory, PhysicalAddress mac, string answered, TimeSpan limit) =>
        WaitAsync(networkNamespace, dataDirectory, mac, b => b.Steps.Any(s => s.Answered.Contains(answered, StringComparison.Ordinal)), $"a step answered '{answered}'", limit, null);

    private static async Task<RecordedBoot> WaitAsync(
        string networkNamespace, string dataDirectory, PhysicalAddress mac, Func<RecordedBoot, bool> done, string what, TimeSpan limit, int? number)
    {
        string[] which = number is { } n ? ["--boot", n.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var deadline = DateTime.UtcNow + limit;
        var last = "nothing";
        while (true)
        {
            var result = await PxeHostProcess.RunAsync(networkNamespace, ["timeline", MacText(mac), "--json", "--data-dir", dataDirectory, .. which]);
            if (result.ExitCode == 0)
            {
                var boot = Parse(result.Stdout);
                if (done(boot))
                {
                    return boot;
                }

                last = boot.Describe();
            }
            else
            {
                last = $"exit {result.ExitCode}: {result.Output}";
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the timeline of {MacText(mac)} never had {what} within {limit}; it last read: {last}");
            }

            // The recorder writes in batches as events come: read again shortly, until the deadline.
            await Task.Delay(500);
        }
    }

    public static RecordedBoot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var verdict = root.GetProperty("verdicts").EnumerateArray().First(v => !v.GetProperty("note").GetBoolean());
        var steps = root.GetProperty("steps").EnumerateArray()
            .Select(s => new RecordedStep(s.GetProperty("kind").GetString()!, s.GetProperty("asked").GetString()!, s.GetProperty("answered").GetString()!, s.GetProperty("why").GetString()!))
            .ToList();
        return new RecordedBoot(verdict.GetProperty("kind").GetString()!, verdict.GetProperty("text").GetString()!, steps, json);
    }

    /// <summary>
    /// The index of each expected step, found in order after the one before: a step matches when its
    /// "asked" starts with the first text and its "answered" contains the second. Fails naming the
    /// first one missing and listing the steps.
    /// </summary>
    public void AssertInOrder(params (string Asked, string Answered)[] expected)
    {
        var from = 0;
        foreach (var (asked, answered) in expected)
        {
            var found = Steps.Skip(from).Select((s, i) => (Step: s, Index: from + i))
                .FirstOrDefault(x => x.Step.Asked.StartsWith(asked, StringComparison.Ordinal) && x.Step.Answered.Contains(answered, StringComparison.Ordinal));
            if (found.Step is null)
            {
                Assert.Fail($"no step '{asked}' -> '{answered}' after step {from}; the steps:\n{Describe()}");
            }

            from = found.Index + 1;
        }
    }

    /// <summary>The steps one a line, as <c>pxehost timeline</c> prints them, and the verdict.</summary>
    public string Describe() =>
        string.Join('\n', Steps.Select((s, i) => $"{i,3} {s.Kind,-17} {s.Asked} -> {s.Answered}  ({s.Why})")) + $"\nverdict ({VerdictKind}): {Verdict}";

    public static string MacText(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
