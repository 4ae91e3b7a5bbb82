using System.Diagnostics;

namespace PxeHost.Lab;

/// <summary>Runs a real peer program (curl, tftp, atftp, ip …) with a time limit and captures its output.</summary>
public static class ChildProgram
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> arguments, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {limit}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<Result> RunCheckedAsync(string file, params string[] arguments)
    {
        var result = await RunAsync(file, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}");
        }

        return result;
    }
}
