namespace PxeHost.Lab;

/// <summary>
/// A build script run once per machine into <c>CACHE/KEY</c>: the lab payload, and the tests' other
/// boot systems. Another process may be building the same thing: each builds into its own folder and
/// renames it into place, which is atomic; the loser throws its copy away.
/// </summary>
public static class CachedBuild
{
    /// <summary>
    /// <c>CACHE/KEY</c>, running <paramref name="script"/> with that folder-to-be as its one argument when it is
    /// missing; the result is opened to every user (the server reads it as nobody).
    /// </summary>
    public static async Task<string> LoadOrBuildAsync(string cache, string key, byte[] script, string what, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var final = Path.Combine(cache, key);
        if (Directory.Exists(final))
        {
            return final;
        }

        Directory.CreateDirectory(cache);
        var building = Path.Combine(cache, ".build-" + Guid.NewGuid().ToString("N"));
        var scriptFile = building + ".sh";
        try
        {
            await File.WriteAllBytesAsync(scriptFile, script, cancellationToken).ConfigureAwait(false);
            var result = await ChildProgram.RunAsync("bash", [scriptFile, building], limit).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"building {what} failed with exit code {result.ExitCode}: {result.Output}");
            }

            ServedFolder.OpenToAll(building);
            Directory.Move(building, final);
        }
        catch (IOException) when (Directory.Exists(final))
        {
            // Another process renamed its build into place first; it is as good as ours.
        }
        finally
        {
            File.Delete(scriptFile);
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }
        }

        return final;
    }
}
