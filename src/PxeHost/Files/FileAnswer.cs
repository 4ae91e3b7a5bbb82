using PxeHost.Protocol.Tftp;

namespace PxeHost.Files;

/// <summary>
/// A source's answer to a name: not its name (the chain asks the next source), a refusal that ends
/// the search (a symlink out of the root, an unreadable file), or the opened file, which the caller
/// then owns and disposes.
/// </summary>
public sealed class FileAnswer
{
    private FileAnswer(OpenedFile? file, FileRefusal? refusal)
    {
        File = file;
        Refusal = refusal;
    }

    /// <summary>The source has no such name; the next one may.</summary>
    public static FileAnswer NotMine { get; } = new(null, null);

    public OpenedFile? File { get; }

    public FileRefusal? Refusal { get; }

    public bool IsNotMine => File is null && Refusal is null;

    public static FileAnswer Opened(OpenedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new FileAnswer(file, null);
    }

    public static FileAnswer Refused(TftpErrorCode code, string reason) => new(null, new FileRefusal(code, reason));
}
