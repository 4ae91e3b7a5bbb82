using PxeHost.Boot.Plan;
using PxeHost.Boot.Policy;
using PxeHost.Files;
using PxeHost.Protocol.Tftp;

namespace PxeHost.Configuration;

/// <summary>
/// Looks for every kernel and initrd a plan names where TFTP and HTTP will look when a machine asks:
/// the root, the system's bootloaders, then the files the plan publishes (absolute paths). A plan
/// whose files are missing boots nobody and says nothing until a machine stalls at its kernel, so it
/// is refused at start and on reload, naming the line. URLs are fetched from elsewhere and not checked.
/// </summary>
public sealed class PlanFileCheck
{
    private readonly IReadOnlyList<IFileSource> _served;

    /// <summary>A check against <paramref name="served"/>: the sources asked before the plan's own (root, system bootloaders).</summary>
    public PlanFileCheck(IEnumerable<IFileSource> served)
    {
        ArgumentNullException.ThrowIfNull(served);
        _served = served.ToArray();
    }

    /// <summary>The root and bootloaders of <paramref name="files"/>, as the server's file chain has them.</summary>
    public static PlanFileCheck For(FileTreeOptions files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new PlanFileCheck(FileChain.Create(files.Root, files.CaseInsensitive, files.SystemFiles).Sources);
    }

    /// <summary>One error per file that would not be served, with its line and why.</summary>
    public IReadOnlyList<ConfigError> Check(PxeHostConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var chain = new FileChain([.. _served, new NamedFileSource("plan files", PlanResolver.PublishedFiles(config.Plan))]);
        var request = FileRequest.Local with { Purpose = FilePurpose.Probe };
        var errors = new List<ConfigError>();
        foreach (var file in config.Files.Where(f => !BootUrls.IsUrl(f.Reference)))
        {
            var answer = chain.Open(PlanResolver.ServedPath(file.Profile, file.Reference), request);
            using (answer.File)
            {
                if (answer.Refusal is { } refusal)
                {
                    // An absolute path is served from where it is, never from the root: say that it is missing there.
                    var reason = Path.IsPathRooted(file.Reference) && refusal.Code == TftpErrorCode.FileNotFound ? "no such file on this server" : refusal.Reason;
                    errors.Add(new ConfigError(config.File, file.Origin.Line, file.Origin.Key, $"'{file.Reference}' cannot be served: {reason}"));
                }
            }
        }

        return errors;
    }
}
