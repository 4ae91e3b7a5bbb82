using Microsoft.Extensions.Logging;

namespace PxeHost.Tftp;

/// <summary>What every transfer of one server shares.</summary>
internal sealed record TftpServices(
    TftpServerOptions Options,
    TftpRoot Root,
    FileContentCache Cache,
    TftpCounters Counters,
    TimeProvider Time,
    ILogger Logger);
