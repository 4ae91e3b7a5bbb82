using Microsoft.Extensions.Logging;
using PxeHost.Events;
using PxeHost.Files;

namespace PxeHost.Tftp;

/// <summary>What every transfer of one server shares.</summary>
internal sealed record TftpServices(
    TftpServerOptions Options,
    FileChain Files,
    FileContentCache Cache,
    PxeHostMetrics Metrics,
    BootEventStream? Events,
    TimeProvider Time,
    ILogger Logger);
