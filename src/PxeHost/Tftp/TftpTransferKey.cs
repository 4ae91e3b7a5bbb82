using System.Net;

namespace PxeHost.Tftp;

/// <summary>A request's identity: who asked, from which port, for which file.</summary>
public readonly record struct TftpTransferKey(IPEndPoint Client, string File);
