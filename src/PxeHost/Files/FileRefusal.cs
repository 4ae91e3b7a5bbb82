using PxeHost.Protocol.Tftp;

namespace PxeHost.Files;

/// <summary>
/// Why a name is not served: the TFTP error the client gets (HTTP answers 404 to every refusal) and
/// the reason the log gets, e.g. "resolves through a symlink to /etc/passwd, outside the root".
/// </summary>
public sealed record FileRefusal(TftpErrorCode Code, string Reason);
