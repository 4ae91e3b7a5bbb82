using System.Globalization;
using System.Net;
using PxeHost.Fuzz;

// The fuzz harness of the codecs (see run.sh beside this folder):
//   run TARGET [--seconds N] [--seed N] [--findings DIR]   mutation loop over the corpus, no instrumentation
//   libfuzzer TARGET                                       under libfuzzer-dotnet, on a SharpFuzz-instrumented build
//   afl TARGET                                             under afl-fuzz, on a SharpFuzz-instrumented build
//   seeds TARGET DIR                                       writes the seed corpus as files (libFuzzer's corpus folder)
//   replay TARGET FILE...                                  runs saved inputs again (a finding's reproduction)
//   wire --server A --interface IF [--seed N] [--count N] [--rate N]
//                                                          mutated datagrams to a running server (the e2e fuzz test)
// Exit status: 0 clean, 1 findings, 2 usage.
// libfuzzer-dotnet may hand its --target_arg over as one argument: "libfuzzer dhcp".
if (args.Length == 1)
{
    args = args[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

if (args.Length < 1)
{
    return Usage();
}

var options = Options(args.Skip(1));
switch (args[0])
{
    case "run" when args.Length >= 2:
        var target = CodecTargets.Named(args[1]);
        var seconds = Number(options, "seconds", 30);
        var seed = Number(options, "seed", 1);
        var loop = new MutationLoop(target, Seeds.For(target.Name), options.GetValueOrDefault("findings") ?? Path.Combine(Path.GetTempPath(), "pxehost-fuzz-findings"), Console.Out);
        loop.Run(TimeSpan.FromSeconds(seconds), seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{target.Name}: {loop.Executions} inputs in {seconds} s (seed {seed}), {loop.Findings.Count} distinct findings{string.Concat(loop.Findings.Select(f => $"\n  {f.Value}x {f.Key}"))}"));
        return loop.Findings.Count == 0 ? 0 : 1;

    case "libfuzzer" when args.Length >= 2:
        SharpFuzz.Fuzzer.LibFuzzer.Run(CodecTargets.Named(args[1]).Run);
        return 0;

    case "afl" when args.Length >= 2:
        var aflTarget = CodecTargets.Named(args[1]);
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var input = new MemoryStream();
            stream.CopyTo(input);
            aflTarget.Run(input.ToArray());
        });
        return 0;

    case "seeds" when args.Length >= 3:
        Directory.CreateDirectory(args[2]);
        var seeds = Seeds.For(CodecTargets.Named(args[1]).Name);
        for (var i = 0; i < seeds.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(args[2], string.Create(CultureInfo.InvariantCulture, $"seed-{i:D2}")), seeds[i]);
        }

        return 0;

    case "replay" when args.Length >= 3:
        var replayed = CodecTargets.Named(args[1]);
        foreach (var file in args.Skip(2))
        {
            replayed.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: no exception");
        }

        return 0;

    case "wire" when options.ContainsKey("server") && options.ContainsKey("interface"):
        var sender = new WireSender(IPAddress.Parse(options["server"]), options["interface"], Number(options, "rate", 2000), Console.Out);
        sender.Run(Number(options, "seed", 1), Number(options, "count", 100_000));
        return 0;

    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine($"usage: PxeHost.Fuzz run|libfuzzer|seeds|replay TARGET … | wire --server A --interface IF …; targets: {string.Join(", ", CodecTargets.All.Select(t => t.Name))}");
    return 2;
}

static Dictionary<string, string> Options(IEnumerable<string> arguments)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    string? name = null;
    foreach (var argument in arguments)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            name = argument[2..];
        }
        else if (name is not null)
        {
            options[name] = argument;
            name = null;
        }
    }

    return options;
}

static int Number(Dictionary<string, string> options, string name, int fallback) =>
    options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
