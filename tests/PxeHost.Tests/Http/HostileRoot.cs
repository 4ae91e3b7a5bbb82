using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PxeHost.Files;
using PxeHost.Http;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Http;

/// <summary>
/// A root with every way out of it a link can offer (absolute, relative, a folder, /proc/self and its
/// root, a loop), a secret beside it carrying <see cref="Marker"/>, and the boot endpoints on a real
/// Kestrel at 127.0.0.1: one server for the whole traversal corpus.
/// </summary>
public sealed class HostileRoot : IAsyncLifetime, IDisposable
{
    public const string Marker = "SECRET-9f3c2b7e-OUTSIDE-THE-ROOT";

    public const string Inside = "inside the root";

    private readonly CapturingLoggerProvider _logs = new();
    private WebApplication? _app;
    private ILoggerFactory? _loggers;

    public string Folder { get; } = Directory.CreateTempSubdirectory("pxh-hostile-").FullName;

    public string Root => Path.Combine(Folder, "root");

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public CapturingLoggerProvider Logs => _logs;

    public async Task InitializeAsync()
    {
        var outside = Directory.CreateDirectory(Path.Combine(Folder, "outside")).FullName;
        File.WriteAllText(Path.Combine(Folder, "secret.txt"), Marker);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Marker);
        Directory.CreateDirectory(Path.Combine(Root, "sub"));
        File.WriteAllText(Path.Combine(Root, "sub", "inside.txt"), Inside);
        File.CreateSymbolicLink(Path.Combine(Root, "escape-absolute.txt"), Path.Combine(Folder, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "escape-relative.txt"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "sub", "escape-deep.txt"), "../../outside/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape-dir"), outside);
        Directory.CreateSymbolicLink(Path.Combine(Root, "proc-self"), "/proc/self");
        Directory.CreateSymbolicLink(Path.Combine(Root, "proc-root"), "/proc/self/root");
        File.CreateSymbolicLink(Path.Combine(Root, "proc-environ"), "/proc/self/environ");
        File.CreateSymbolicLink(Path.Combine(Root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(Root, "loop-b"), "loop-a");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        var policy = TestPolicies.Flags();
        _app.MapBootEndpoints(new HttpBootOptions { ListenAddresses = [IPAddress.Loopback] }, FileChain.Create(Root, bootFiles: policy), policy, _loggers.CreateLogger("PxeHost.Http"));
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _loggers?.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    public void Dispose() => _logs.Dispose();
}
