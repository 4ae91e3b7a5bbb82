using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PxeHost.Http.Api;

/// <summary>
/// The secret that allows state changes through the API (<c>Authorization: Bearer TOKEN</c>): read from
/// the file the admin named, or made at first start — 32 random bytes, base64url — and kept mode 0600 in
/// the data folder, where the next start reads it again.
/// </summary>
public sealed class AdminToken
{
    public const string FileName = "admin-token";

    private readonly byte[] _hash;

    private AdminToken(string token, string? file, bool created)
    {
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        File = file;
        Created = created;
    }

    /// <summary>Where the token is kept; null when it lives in memory only (no data folder: nobody can know it).</summary>
    public string? File { get; }

    /// <summary>Made at this start (the file did not exist).</summary>
    public bool Created { get; }

    /// <param name="file">The admin's token file (<c>--admin-token-file</c>); read, never written.</param>
    /// <param name="dataDirectory">Where a token is made and kept when no file is named.</param>
    /// <exception cref="AdminTokenException">The named file cannot be read or is empty, or the data folder's cannot be read or written.</exception>
    public static AdminToken Load(string? file, string? dataDirectory)
    {
        try
        {
            return Read(file, dataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminTokenException($"{(file is null ? $"admin token in {dataDirectory}" : $"--admin-token-file {file}")}: {e.Message}", e);
        }
    }

    private static AdminToken Read(string? file, string? dataDirectory)
    {
        if (file is not null)
        {
            var text = System.IO.File.ReadAllText(file).Trim();
            return text.Length > 0 ? new AdminToken(text, file, false) : throw new AdminTokenException($"--admin-token-file {file}: the file is empty");
        }

        if (dataDirectory is null)
        {
            return new AdminToken(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), null, true);
        }

        var kept = Path.Combine(dataDirectory, FileName);
        if (System.IO.File.Exists(kept) && System.IO.File.ReadAllText(kept).Trim() is { Length: > 0 } existing)
        {
            return new AdminToken(existing, kept, false);
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(dataDirectory);

        // Created 0600 from the start: never readable by others, not even between a write and a chmod.
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(kept, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token + "\n");
        }

        // A file left behind by an interrupted start keeps its old mode on open: set it.
        System.IO.File.SetUnixFileMode(kept, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new AdminToken(token, kept, true);
    }

    /// <summary>Whether an Authorization header carries this token. Compared in constant time (of SHA-256 hashes, so the length leaks nothing either).</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(offered, _hash);
    }
}
