using Microsoft.Extensions.Hosting;

namespace PxeHost.Hosting;

/// <summary>A service the <see cref="ServiceSupervisor"/> starts, watches and starts again: its name (logs, metric tag) and how to get it.</summary>
public sealed record SupervisedService(string Name, Func<IServiceProvider, BackgroundService> Resolve);
