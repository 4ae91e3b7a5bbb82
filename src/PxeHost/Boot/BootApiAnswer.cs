using PxeHost.Boot.Render;

namespace PxeHost.Boot;

/// <summary>The boot API's answer for one machine: kernel and initrd URLs and the command line.</summary>
public sealed record BootApiAnswer(string? Kernel, IReadOnlyList<string>? Initrd, string? Cmdline)
{
    /// <summary>
    /// Why this answer cannot be booted as given, or null when it can: the kernel and every initrd an
    /// absolute http, https or tftp URL without whitespace (iPXE splits arguments there), and a command
    /// line iPXE passes intact (<see cref="IpxeCommandLine"/>). The API's documented contract is that a
    /// machine it cannot answer for gets the plan; a malformed answer is one of those, never a failed boot script.
    /// </summary>
    public string? Problem()
    {
        if (Kernel is not { Length: > 0 } kernel)
        {
            return "the answer names no kernel";
        }

        if (UrlProblem(kernel, "kernel") is { } kernelProblem)
        {
            return kernelProblem;
        }

        var initrds = Initrd ?? [];
        for (var i = 0; i < initrds.Count; i++)
        {
            if (initrds[i] is not { Length: > 0 } initrd)
            {
                return $"initrd[{i}] is null or empty";
            }

            if (UrlProblem(initrd, $"initrd[{i}]") is { } initrdProblem)
            {
                return initrdProblem;
            }
        }

        return IpxeCommandLine.Problem(Cmdline);
    }

    private static string? UrlProblem(string url, string what)
    {
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"{what} '{url}' contains whitespace or a control character";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "tftp"))
        {
            return $"{what} '{url}' is not an absolute http, https or tftp URL";
        }

        // iPXE registers each initrd under its file name, and UEFI's kernel stub finds it by that name.
        return Path.GetFileName(uri.AbsolutePath).Length == 0 ? $"{what} '{url}' names no file (it ends with '/')" : null;
    }
}
