using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace PxeHost.Fuzz;

/// <summary>
/// The no-instrumentation mode: seeded random mutation over the corpus for a bounded time, calling
/// the same target libFuzzer would. Without coverage feedback it keeps a bounded pool of earlier
/// mutants to mutate again, so mutations stack. Each distinct exception (type and throwing frame) is
/// reported once, with its input saved for replay.
/// </summary>
public sealed class MutationLoop(FuzzTarget target, IReadOnlyList<byte[]> seeds, string findings, TextWriter log)
{
    private const int PoolSize = 512;

    private readonly Dictionary<string, int> _findings = new(StringComparer.Ordinal);

    /// <summary>Distinct findings and how often each was hit.</summary>
    public IReadOnlyDictionary<string, int> Findings => _findings;

    public long Executions { get; private set; }

    /// <summary>Mutates until <paramref name="duration"/> has passed or <paramref name="maxExecutions"/> inputs ran.</summary>
    public void Run(TimeSpan duration, int seed, long maxExecutions = long.MaxValue)
    {
        var random = new Random(seed);
        var mutator = new Mutator(random, target.MaxInputLength);
        var pool = new List<byte[]>(seeds);
        foreach (var input in seeds)
        {
            Execute(input);
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && Executions < maxExecutions)
        {
            for (var i = 0; i < 256 && Executions < maxExecutions; i++)
            {
                var parent = pool[random.Next(pool.Count)];
                var input = mutator.Mutate(parent, target.Kind);
                Execute(input);
                if (random.Next(32) == 0)
                {
                    Remember(pool, input, random);
                }
            }
        }
    }

    private void Remember(List<byte[]> pool, byte[] input, Random random)
    {
        if (pool.Count < seeds.Count + PoolSize)
        {
            pool.Add(input);
        }
        else
        {
            pool[seeds.Count + random.Next(PoolSize)] = input;
        }
    }

    private void Execute(byte[] input)
    {
        Executions++;
        try
        {
            target.Run(input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Report(input, e);
        }
    }

    private void Report(byte[] input, Exception e)
    {
        var frame = new StackTrace(e, fNeedFileInfo: false).GetFrames().FirstOrDefault(f => f.GetMethod() is not null)?.GetMethod();
        var signature = $"{e.GetType().Name} at {frame?.DeclaringType?.FullName}.{frame?.Name}";
        _findings[signature] = _findings.GetValueOrDefault(signature) + 1;
        if (_findings[signature] > 1)
        {
            return;
        }

        Directory.CreateDirectory(findings);
        var file = Path.Combine(findings, $"{target.Name}-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}.bin");
        File.WriteAllBytes(file, input);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target.Name}: FINDING {signature} (input {input.Length} bytes saved to {file})"));
        log.WriteLine(e.ToString());
    }
}
