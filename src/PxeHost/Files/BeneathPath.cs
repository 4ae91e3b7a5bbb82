using Microsoft.Win32.SafeHandles;
using PxeHost.Unix;

namespace PxeHost.Files;

/// <summary>
/// Opens a relative path beneath a directory in one step, so nothing can be swapped between a check
/// and the open. The kernel does it with openat2(2) RESOLVE_BENEATH (Linux 5.6+). That refuses every
/// absolute symlink, even one that names a file inside the root, so on EXDEV — and on kernels without
/// openat2 — a walk resolves symlinks itself: each step opens the path resolved so far from the root
/// again, never following a symlink (RESOLVE_NO_SYMLINKS, or O_NOFOLLOW component by component), and
/// <c>..</c> pops a component it already resolved, so the walk cannot climb above the root.
/// </summary>
internal sealed class BeneathPath(string realRoot, string givenRoot, bool useOpenat2)
{
    /// <summary>MAXSYMLINKS of the kernel's own resolution.</summary>
    private const int MaxLinks = 40;

    private const int DirectoryFlags = UnixFiles.PathOnly | UnixFiles.CloseOnExec;

    private volatile bool _openat2 = useOpenat2;

    /// <summary>
    /// The open descriptor, or null and the errno: EXDEV when the path leaves the root, EISDIR when it
    /// ends on a folder, and what open(2) says otherwise.
    /// </summary>
    public SafeFileHandle? Open(SafeFileHandle root, string path, out Errno error)
    {
        for (var attempt = 0; _openat2 && attempt < 3; attempt++)
        {
            var handle = UnixFiles.OpenAt2(root, path, Descriptor.ServeFlags, UnixFiles.ResolveBeneath | UnixFiles.ResolveNoMagicLinks, out error);
            if (handle is not null)
            {
                return handle;
            }

            switch (error)
            {
                case Errno.EAGAIN or Errno.EINTR:
                    // EAGAIN: a concurrent rename made the kernel unsure ".." stayed beneath; it asks for a retry.
                    continue;
                case Errno.ENOSYS or Errno.EPERM:
                    // No openat2 (before Linux 5.6, or a seccomp filter that does not know it).
                    _openat2 = false;
                    break;
                case Errno.EXDEV:
                    return Walk(root, path, out error);
                default:
                    return null;
            }
        }

        return Walk(root, path, out error);
    }

    private SafeFileHandle? Walk(SafeFileHandle root, string path, out Errno error)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(path.Split('/').Reverse());
        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count == 0)
                {
                    error = Errno.EXDEV;
                    return null;
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var last = pending.All(p => p is "" or ".");
            resolved.Add(name);
            var handle = OpenResolved(root, resolved, last ? Descriptor.ServeFlags : DirectoryFlags | UnixFiles.DirectoryOnly, out error);
            if (handle is not null)
            {
                if (last)
                {
                    return handle;
                }

                // Only the name is kept: the next step opens the whole resolved path from the root again.
                handle.Dispose();
                continue;
            }

            resolved.RemoveAt(resolved.Count - 1);
            error = Follow(root, resolved, pending, name, error, ref links);
            if (error != Errno.None)
            {
                return null;
            }
        }

        error = Errno.EISDIR;
        return null;
    }

    /// <summary>
    /// After <paramref name="name"/> failed to open: when it is a symlink, puts its target in front of
    /// what is left. Returns <see cref="Errno.None"/> to go on, or the errno that ends the walk.
    /// </summary>
    private Errno Follow(SafeFileHandle root, List<string> resolved, Stack<string> pending, string name, Errno failure, ref int links)
    {
        // ELOOP: a symlink where none may be followed. ENOTDIR: a symlink, or a file, where a folder must be.
        if (failure is not (Errno.ELOOP or Errno.ENOTDIR))
        {
            return failure;
        }

        if (++links > MaxLinks)
        {
            return Errno.ELOOP;
        }

        var target = ReadLink(root, resolved, name, out var linkError);
        if (target is null)
        {
            if (linkError != Errno.EINVAL || failure == Errno.ENOTDIR)
            {
                return linkError == Errno.EINVAL ? Errno.ENOTDIR : linkError;
            }

            // Not a symlink any more: it was replaced while we looked; look again.
            pending.Push(name);
            return Errno.None;
        }

        return Splice(target, resolved, pending) ? Errno.None : Errno.EXDEV;
    }

    /// <summary>
    /// Puts a symlink's target in front of what is left to resolve. A relative target continues from the
    /// folder holding the link; an absolute one only when it names a place under the root (by its real
    /// path or the path it was configured as), and then from the root.
    /// </summary>
    private bool Splice(string target, List<string> resolved, Stack<string> pending)
    {
        if (target.StartsWith('/'))
        {
            var inside = Beneath(target, realRoot) ?? Beneath(target, givenRoot);
            if (inside is null)
            {
                return false;
            }

            resolved.Clear();
            target = inside;
        }

        foreach (var segment in target.Split('/').Reverse())
        {
            pending.Push(segment);
        }

        return true;
    }

    private static string? Beneath(string target, string root)
    {
        var prefix = root.TrimEnd('/');
        if (target == prefix)
        {
            return string.Empty;
        }

        return target.StartsWith(prefix + "/", StringComparison.Ordinal) ? target[(prefix.Length + 1)..] : null;
    }

    private string? ReadLink(SafeFileHandle root, List<string> folder, string name, out Errno error)
    {
        if (folder.Count == 0)
        {
            return UnixFiles.ReadLinkAt(root, name, out error);
        }

        using var parent = OpenResolved(root, folder, DirectoryFlags | UnixFiles.DirectoryOnly, out error);
        return parent is null ? null : UnixFiles.ReadLinkAt(parent, name, out error);
    }

    /// <summary>Opens a path of folders already resolved (no symlinks in it) plus one last name, following no symlink.</summary>
    private SafeFileHandle? OpenResolved(SafeFileHandle root, List<string> segments, int flags, out Errno error)
    {
        if (_openat2)
        {
            return UnixFiles.OpenAt2(root, string.Join('/', segments), flags,
                UnixFiles.ResolveBeneath | UnixFiles.ResolveNoSymlinks | UnixFiles.ResolveNoMagicLinks, out error);
        }

        SafeFileHandle? folder = null;
        try
        {
            for (var i = 0; i < segments.Count - 1; i++)
            {
                var next = UnixFiles.OpenAt(folder ?? root, segments[i], DirectoryFlags | UnixFiles.DirectoryOnly | UnixFiles.NoFollow, out error);
                if (next is null)
                {
                    return null;
                }

                folder?.Dispose();
                folder = next;
            }

            return UnixFiles.OpenAt(folder ?? root, segments[^1], flags | UnixFiles.NoFollow, out error);
        }
        finally
        {
            folder?.Dispose();
        }
    }
}
