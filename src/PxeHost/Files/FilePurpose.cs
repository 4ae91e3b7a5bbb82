namespace PxeHost.Files;

/// <summary>Why a file is opened: sources with side effects (a "boot once" plan) may act only on a fetch.</summary>
public enum FilePurpose
{
    /// <summary>The client is going to read the file (a TFTP read request, an HTTP GET).</summary>
    Fetch,

    /// <summary>The client only asks about it (an HTTP HEAD).</summary>
    Probe,
}
