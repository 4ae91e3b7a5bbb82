using Microsoft.Extensions.Logging;
using PxeHost.Events;

namespace PxeHost.Tftp;

/// <summary>What every transfer of one server shares.</summary>
internal sealed record TftpServices(
    TftpServerOptions Options,
    TftpRoot Root,
    FileContentCache Cache,
    PxeHostMetrics Metrics,
    BootEventStream? Events,
    TimeProvider Time,
    ILogger Logger);
