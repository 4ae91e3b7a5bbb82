using PxeHost.Boot.Loaders;
using System.Net;
using System.Net.NetworkInformation;
using PxeHost.Boot.Plan;
using PxeHost.Boot.Render;
using PxeHost.Events;
using PxeHost.Protocol.Dhcp;

namespace PxeHost.Boot.Policy;

/// <summary>
/// API mode (pixiecore's): an outside service says what each machine boots. A machine the API
/// answers for runs iPXE — firmware gets the iPXE binary in DHCP, iPXE gets a script built from the
/// answer. A machine the API does not answer for (404, error, timeout) gets what
/// <paramref name="fallback"/> gives, on every side: DHCP boot file, rendered configs, script.
/// The DHCP path never waits: <see cref="PrepareAsync"/> asks before the decision, and an answer is
/// reused for <see cref="Freshness"/> so one boot's DISCOVER, REQUEST and iPXE DHCP ask once.
/// </summary>
public sealed class ApiBootPolicy(BootApi api, IBootPolicy fallback, BootUrls urls, TimeProvider time) : IBootPolicy
{
    private const int Capacity = 4096;
    private readonly BoundedMap<PhysicalAddress, Asked> _answers = new(Capacity);

    public TimeSpan Freshness { get; init; } = TimeSpan.FromSeconds(30);

    public string Name => "api";

    public async ValueTask PrepareAsync(BootClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Stage == FirmwareStage.NotBooting)
        {
            await fallback.PrepareAsync(client, cancellationToken).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(client, fresh: false, cancellationToken).ConfigureAwait(false);
    }

    public BootDecision Decide(BootClient client, IPAddress server)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Stage == FirmwareStage.NotBooting || Known(client.Mac) is not { } answered)
        {
            return fallback.Decide(client, server);
        }

        var reason = $"api {api.BaseUri.Host}: {answered.Title}";
        if (client.Stage == FirmwareStage.Ipxe)
        {
            return new BootDecision(urls.ScriptUrl(client, server), null, reason + ": iPXE gets its script");
        }

        var architecture = client.Stage == FirmwareStage.HttpBootFirmware && client.Architecture == ClientArchitecture.IntelX86Bios
            ? ClientArchitecture.EfiX64Http
            : client.Architecture;
        if (LoaderCatalog.NetworkBootProgram(BootLoader.Ipxe, architecture)?.Name is not { } file)
        {
            return BootDecision.None($"{reason}: no iPXE for {client.Architecture.Words()}");
        }

        return client.Stage == FirmwareStage.HttpBootFirmware
            ? new BootDecision(urls.HttpUrl(server, file), "HTTPClient", reason + ": HTTP Boot firmware gets iPXE over HTTP")
            : new BootDecision(file, null, reason + ": iPXE first");
    }

    public BootDecision? ForMenuEntry(BootClient client, ushort type) => fallback.ForMenuEntry(client, type);

    public async ValueTask<string> IpxeScriptAsync(BootClient client, IPAddress server, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);

        // The script is what boots: always ask again, so an answer changed since DHCP applies.
        var answered = await AnswerAsync(client, fresh: true, cancellationToken).ConfigureAwait(false);
        return answered is not null
            ? IpxeRenderer.Render(answered)
            : await fallback.IpxeScriptAsync(client, server, clientAddress, cancellationToken).ConfigureAwait(false);
    }

    public string? Published(string relativePath) => fallback.Published(relativePath);

    public ReadOnlyMemory<byte>? Generate(string relativePath, IPAddress server, IPAddress? client) => fallback.Generate(relativePath, server, client);

    private ClientPlan? Known(PhysicalAddress mac) =>
        _answers.TryGetValue(mac, out var asked) && asked.Answer.IsCompletedSuccessfully ? asked.Answer.Result : null;

    private async Task<ClientPlan?> AnswerAsync(BootClient client, bool fresh, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (!fresh && _answers.TryGetValue(client.Mac, out var asked) && asked.Answer is { IsCanceled: false, IsFaulted: false }
            && time.GetElapsedTime(asked.At, now) < Freshness)
        {
            return await asked.Answer.ConfigureAwait(false);
        }

        // BootApi logs and turns every failure into null (fall back); it does not throw for a bad answer.
        var answer = api.AskAsync(client.Mac, client.Architecture, client.Uuid, cancellationToken);
        _answers.Set(client.Mac, new Asked(answer, now));
        return await answer.ConfigureAwait(false);
    }

    private sealed record Asked(Task<ClientPlan?> Answer, long At);
}
