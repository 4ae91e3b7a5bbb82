using Microsoft.Extensions.Logging;
using PxeHost.Boot.Plan;
using PxeHost.Dhcp;
using PxeHost.Events;
using PxeHost.Iso;

namespace PxeHost.Http.Api;

/// <summary>What the API reads and changes: each part null when this server has none (no plan, no DHCP, no data folder).</summary>
/// <param name="DataDirectory">Where timeline.db is.</param>
/// <param name="Plans">The plan and the assignments.</param>
/// <param name="Once">Which once machines have used their boot.</param>
/// <param name="Dhcp">The DHCP service, for leases.</param>
/// <param name="Transfers">Transfers in progress.</param>
/// <param name="Events">The boot-event stream.</param>
/// <param name="Logger">Where changes and refusals are logged.</param>
/// <param name="Images">The images in force, when the server serves a library of ISO images.</param>
public sealed record ApiServices(
    string? DataDirectory, PlanSource? Plans, BootOnceRecord? Once, DhcpServer? Dhcp, TransferBoard? Transfers, BootEventStream Events, ILogger Logger,
    IsoCatalog? Images = null);
