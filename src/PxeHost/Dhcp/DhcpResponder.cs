using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PxeHost.Boot;
using PxeHost.Boot.Policy;
using PxeHost.Protocol.Dhcp;
using PxeHost.Storage;

namespace PxeHost.Dhcp;

/// <summary>
/// The full DHCP server's decision for one request (RFC 2131 §4.3), as a function of the request,
/// the interface it came in on and what the lease store decides. No sockets: the service at the edge
/// receives, awaits <see cref="RespondAsync"/> — which completes once the store has committed any lease
/// the reply promises — then sends.
/// </summary>
public sealed class DhcpResponder(IReadOnlyList<DhcpScope> scopes, ILeaseStore leases, IBootPolicy policy)
{
    private readonly ConcurrentDictionary<(IPAddress Network, int PrefixLength), IPAddress> _relays = new();
    private IReadOnlyList<DhcpScope> _scopes = scopes;

    /// <summary>How long a declined address is kept from every client (RFC 2131 §3.1 step 5).</summary>
    public TimeSpan DeclineQuarantine { get; init; } = TimeSpan.FromMinutes(10);

    /// <param name="request">The parsed request.</param>
    /// <param name="server">This server's address on the interface the request arrived on.</param>
    /// <param name="arrivalScope">The scope of that interface's subnet, when it has one.</param>
    /// <param name="cancellationToken">Stops waiting for the store; a lease it was committing may still be stored.</param>
    /// <returns>
    /// Completed at once for a request that changes no lease (an offer, a NAK, a drop, an INFORM);
    /// otherwise once the store has committed the change.
    /// </returns>
    /// <exception cref="LeaseStoreException">The store could not commit the lease: there is no reply to send.</exception>
    public ValueTask<DhcpOutcome> RespondAsync(DhcpMessage request, IPAddress server, DhcpScope? arrivalScope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Opcode != DhcpOpcode.BootRequest)
        {
            return Now(DhcpOutcome.Silent("not a BOOTREQUEST"));
        }

        if (request.ClientMacAddress is not { } mac)
        {
            return Now(DhcpOutcome.Silent($"hardware type {request.HardwareType} length {request.HardwareAddressLength}: only Ethernet is served"));
        }

        var relayed = !IPAddress.Any.Equals(request.GatewayAddress);
        var scope = relayed ? ScopeHolding(request.GatewayAddress) : ScopeOfClient(request) ?? Current(arrivalScope);
        if (scope is null)
        {
            return Now(DhcpOutcome.Silent(relayed
                ? $"relayed from {request.GatewayAddress}: no --dhcp-range covers that subnet"
                : "no --dhcp-range on the interface this request arrived on"));
        }

        var relay = relayed ? Remember(scope, request.GatewayAddress) : RelayOf(scope, arrivalScope);
        return request.MessageType switch
        {
            DhcpMessageType.Discover => Offer(request, ClientOf(request, mac), scope, server, relay, cancellationToken),
            DhcpMessageType.Request => Request(request, ClientOf(request, mac), scope, server, relay, cancellationToken),
            DhcpMessageType.Decline => Decline(request, ClientOf(request, mac), scope, server, cancellationToken),
            DhcpMessageType.Release => Release(request, ClientOf(request, mac), scope, server, cancellationToken),
            DhcpMessageType.Inform => Now(Inform(request, scope, server, relay)),
            null => Now(DhcpOutcome.Silent("no message type (option 53): BOOTP is not served")),
            var other => Now(DhcpOutcome.Silent($"{other} is not a client message")),
        };
    }

    /// <summary>New settings for the same subnets (a reload): the next request is answered with them.</summary>
    /// <summary>The scopes served now (the last reload's).</summary>
    public IReadOnlyList<DhcpScope> Scopes => _scopes;

    public void UpdateScopes(IReadOnlyList<DhcpScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        leases.UpdateScopes(scopes);
        _scopes = scopes;
    }

    /// <summary>
    /// The scope of the address a client without a relay names as its own: ciaddr in a REQUEST (RENEWING),
    /// RELEASE or INFORM, option 50 in a DECLINE. A relayed client renews and releases by unicast straight to
    /// the server (RFC 2131 §4.3.2, §4.3.4, §4.4.5), so giaddr is 0 and the request arrives on the server's
    /// own interface: its lease is in the scope holding its address, not the interface's.
    /// </summary>
    private DhcpScope? ScopeOfClient(DhcpMessage request)
    {
        var named = request.MessageType switch
        {
            DhcpMessageType.Request or DhcpMessageType.Release or DhcpMessageType.Inform => request.ClientAddress,
            DhcpMessageType.Decline => request.GetAddress(DhcpOptionCode.RequestedIpAddress),
            _ => null,
        };
        return named is null || IPAddress.Any.Equals(named) ? null : ScopeHolding(named);
    }

    private DhcpScope? ScopeHolding(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        foreach (var scope in _scopes)
        {
            if (scope.Contains(address))
            {
                return scope;
            }
        }

        return null;
    }

    /// <summary>The relay a relayed scope was last reached through: the router of its clients when none is configured.</summary>
    private IPAddress Remember(DhcpScope scope, IPAddress relay)
    {
        var subnet = (scope.Network, scope.PrefixLength);
        if (!_relays.TryGetValue(subnet, out var known) || !known.Equals(relay))
        {
            _relays[subnet] = relay;
        }

        return relay;
    }

    /// <summary>
    /// A relayed client renewing by unicast comes without giaddr; its ACK still names the relay as router
    /// when the scope has none configured, or the client would drop its default route on renewal.
    /// </summary>
    private IPAddress? RelayOf(DhcpScope scope, DhcpScope? arrival) =>
        arrival is not null && scope.SameSubnet(arrival) ? null : _relays.GetValueOrDefault((scope.Network, scope.PrefixLength));

    /// <summary>The arrival scope's settings now: a listener keeps the scope it was bound with.</summary>
    private DhcpScope? Current(DhcpScope? arrival)
    {
        if (arrival is null)
        {
            return null;
        }

        foreach (var scope in _scopes)
        {
            if (scope.SameSubnet(arrival))
            {
                return scope;
            }
        }

        return arrival;
    }

    /// <summary>The client identifier (option 61, RFC 2132 §9.14: at least two bytes) names the client when present, else chaddr.</summary>
    private static LeaseClient ClientOf(DhcpMessage request, PhysicalAddress mac) =>
        request.GetOption(DhcpOptionCode.ClientIdentifier) is { Length: >= 2 } id ? new LeaseClient(mac, Convert.ToHexStringLower(id.Span)) : new LeaseClient(mac);

    private ValueTask<DhcpOutcome> Offer(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, IPAddress? relay, CancellationToken cancellationToken) =>
        Then(leases.OfferAsync(scope, client, request.GetAddress(DhcpOptionCode.RequestedIpAddress), cancellationToken), decision =>
            decision.Address is { } address
                ? Answer(request, DhcpMessageType.Offer, scope, server, relay, address, decision.Reason) with { Changed = decision.Changed }
                : DhcpOutcome.Silent(decision.Reason));

    private ValueTask<DhcpOutcome> Request(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, IPAddress? relay, CancellationToken cancellationToken)
    {
        // SELECTING carries the chosen server's identifier; a client that chose another server is not ours,
        // and RFC 2131 §4.3.2 reads that REQUEST as its no to our offer: the address goes back to the pool now.
        if (request.GetAddress(DhcpOptionCode.ServerIdentifier) is { } chosen && !chosen.Equals(server))
        {
            return Then(leases.WithdrawOfferAsync(scope, client, cancellationToken), withdrawn =>
                DhcpOutcome.Ignore(withdrawn.Granted ? $"the client chose server {chosen}; {withdrawn.Address} back to the pool" : $"the client chose server {chosen}"));
        }

        var requested = request.GetAddress(DhcpOptionCode.RequestedIpAddress);
        var address = requested ?? (IPAddress.Any.Equals(request.ClientAddress) ? null : request.ClientAddress);
        if (address is null)
        {
            return Now(DhcpOutcome.Silent("REQUEST names no address (neither option 50 nor ciaddr)"));
        }

        if (requested is not null && IPAddress.Any.Equals(request.ClientAddress) && request.GetAddress(DhcpOptionCode.ServerIdentifier) is null
            && scope.Contains(requested))
        {
            return InitReboot(request, client, scope, server, relay, requested, cancellationToken);
        }

        return Grant(request, client, scope, server, relay, address, cancellationToken);
    }

    /// <summary>
    /// INIT-REBOOT on the right network (RFC 2131 §4.3.2): answered only when this server knows the client
    /// (its lease on that address, or a reservation) or knows the address is taken (leased or declined here:
    /// the client's notion is wrong, a NAK); a client on record here at another address is NAKed too (the
    /// address it asks for is incorrect), and comes back by DISCOVER to its own. "If the DHCP server has no
    /// record of this client, then it MUST remain silent": another server on the wire may have given it that address.
    /// </summary>
    private async ValueTask<DhcpOutcome> InitReboot(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, IPAddress? relay, IPAddress requested,
        CancellationToken cancellationToken)
    {
        var lease = await leases.FindAsync(requested, cancellationToken).ConfigureAwait(false);
        if (lease is { State: LeaseState.Active or LeaseState.Declined } || (lease is not null && client.Owns(lease)) || scope.Reservations.Any(r => r.Mac.Equals(client.Mac)))
        {
            return await Grant(request, client, scope, server, relay, requested, cancellationToken).ConfigureAwait(false);
        }

        return await leases.FindClientAsync(scope, client, cancellationToken).ConfigureAwait(false) is { } known
            ? Nak(request, server, $"INIT-REBOOT for {requested}: this client is on record here at {known.Address}")
            : DhcpOutcome.Silent($"INIT-REBOOT for {requested}: no record of this client here (RFC 2131 §4.3.2: silent)");
    }

    private ValueTask<DhcpOutcome> Grant(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, IPAddress? relay, IPAddress address,
        CancellationToken cancellationToken) =>
        Then(leases.RequestAsync(scope, client, address, request.GetString(DhcpOptionCode.HostName), cancellationToken), decision =>
            decision.Address is null
                ? Nak(request, server, decision.Reason)
                : Answer(request, DhcpMessageType.Ack, scope, server, relay, address, decision.Reason) with { Changed = decision.Changed });

    private ValueTask<DhcpOutcome> Decline(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, CancellationToken cancellationToken)
    {
        if (request.GetAddress(DhcpOptionCode.RequestedIpAddress) is not { } address)
        {
            return Now(DhcpOutcome.Silent("DECLINE without option 50"));
        }

        if (OtherServer(request, server) is { } other)
        {
            return Now(DhcpOutcome.Ignore($"DECLINE for server {other}"));
        }

        return Then(leases.DeclineAsync(scope, client, address, DeclineQuarantine, cancellationToken), decision =>
            new DhcpOutcome(null, null, decision.Changed, decision.Granted ? $"{address} declined: kept from every client for {DeclineQuarantine}" : decision.Reason));
    }

    private ValueTask<DhcpOutcome> Release(DhcpMessage request, LeaseClient client, DhcpScope scope, IPAddress server, CancellationToken cancellationToken) =>
        OtherServer(request, server) is { } other
            ? Now(DhcpOutcome.Ignore($"RELEASE for server {other}"))
            : Then(leases.ReleaseAsync(scope, client, request.ClientAddress, cancellationToken), decision =>
                new DhcpOutcome(null, null, decision.Changed, decision.Granted ? $"{request.ClientAddress} released" : decision.Reason));

    /// <summary>DECLINE and RELEASE name the server they are for in option 54 (RFC 2131 table 5): another server's are not ours.</summary>
    private static IPAddress? OtherServer(DhcpMessage request, IPAddress server) =>
        request.GetAddress(DhcpOptionCode.ServerIdentifier) is { } named && !named.Equals(server) ? named : null;

    /// <summary>
    /// DHCPINFORM: configuration only, no address and no lease time (RFC 2131 §3.4); §4.3.5 has the server
    /// answer without checking for an existing binding, so the lease store is not asked.
    /// </summary>
    private DhcpOutcome Inform(DhcpMessage request, DhcpScope scope, IPAddress server, IPAddress? relay)
    {
        if (IPAddress.Any.Equals(request.ClientAddress))
        {
            return DhcpOutcome.Silent("INFORM without ciaddr");
        }

        return Answer(request, DhcpMessageType.Ack, scope, server, relay, null, "inform");
    }

    private static ValueTask<DhcpOutcome> Now(DhcpOutcome outcome) => ValueTask.FromResult(outcome);

    /// <summary>The reply to a store's decision: built at once when the store decided at once (offers, refusals), else after the commit.</summary>
    private static ValueTask<DhcpOutcome> Then(ValueTask<LeaseDecision> pending, Func<LeaseDecision, DhcpOutcome> reply)
    {
        return pending.IsCompletedSuccessfully ? Now(reply(pending.Result)) : AfterAsync(pending, reply);

        static async ValueTask<DhcpOutcome> AfterAsync(ValueTask<LeaseDecision> pending, Func<LeaseDecision, DhcpOutcome> reply) =>
            reply(await pending.ConfigureAwait(false));
    }

    private DhcpOutcome Answer(DhcpMessage request, DhcpMessageType type, DhcpScope scope, IPAddress server, IPAddress? relay, IPAddress? address, string reason)
    {
        var options = new List<DhcpOption>(16)
        {
            DhcpOption.FromMessageType(type),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, server),
        };
        if (address is not null)
        {
            options.Add(DhcpOption.FromSeconds(DhcpOptionCode.LeaseTime, scope.LeaseTime));
            options.Add(DhcpOption.FromSeconds(DhcpOptionCode.RenewalTime, scope.LeaseTime / 2));
            options.Add(DhcpOption.FromSeconds(DhcpOptionCode.RebindingTime, scope.LeaseTime * 7 / 8));
        }

        AddScopeOptions(scope, relay, address, options);
        var boot = policy.Decide(BootClient.FromDhcp(request), server);
        if (boot.Boots)
        {
            DhcpReplyBuilder.EchoMachineId(request, options);
        }

        var reply = DhcpReplyBuilder.Reply(request, options) with
        {
            YourAddress = address ?? IPAddress.Any,
            ClientAddress = type == DhcpMessageType.Ack && address is null ? request.ClientAddress : IPAddress.Any,
        };
        reply = DhcpReplyBuilder.WithBoot(reply, request, boot, server, options);
        DhcpReplyBuilder.EchoClientIdentifier(request, options);
        DhcpReplyBuilder.EchoRelayAgentInformation(request, options);
        return new DhcpOutcome(reply, DhcpReplyRouting.Choose(request, type), [], DhcpReplyBuilder.FitFor(request, reply, options, reason)) { Boot = boot };
    }

    private static void AddScopeOptions(DhcpScope scope, IPAddress? relay, IPAddress? address, List<DhcpOption> options)
    {
        options.Add(DhcpOption.FromAddresses(DhcpOptionCode.SubnetMask, scope.SubnetMask));
        options.Add(DhcpOption.FromAddresses(DhcpOptionCode.BroadcastAddress, scope.BroadcastAddress));
        var routers = scope.Routers.Count > 0 ? scope.Routers : relay is not null ? [relay] : [];
        if (routers.Count > 0)
        {
            options.Add(DhcpOption.FromAddresses(DhcpOptionCode.Router, routers));
        }

        if (scope.DnsServers.Count > 0)
        {
            options.Add(DhcpOption.FromAddresses(DhcpOptionCode.DomainNameServer, scope.DnsServers));
        }

        if (scope.DomainName is { } domain)
        {
            options.Add(DhcpOption.FromString(DhcpOptionCode.DomainName, domain));
        }

        if (scope.NtpServers.Count > 0)
        {
            options.Add(DhcpOption.FromAddresses(DhcpOptionCode.NtpServers, scope.NtpServers));
        }

        if (scope.Mtu is { } mtu)
        {
            options.Add(DhcpOption.FromUInt16(DhcpOptionCode.InterfaceMtu, (ushort)mtu));
        }

        if (address is not null && scope.Reservations.FirstOrDefault(r => r.Address.Equals(address))?.Hostname is { } hostname)
        {
            options.Add(DhcpOption.FromString(DhcpOptionCode.HostName, hostname));
        }
    }

    private static DhcpOutcome Nak(DhcpMessage request, IPAddress server, string reason)
    {
        var options = new List<DhcpOption>
        {
            DhcpOption.FromMessageType(DhcpMessageType.Nak),
            DhcpOption.FromAddresses(DhcpOptionCode.ServerIdentifier, server),
            DhcpOption.FromString(DhcpOptionCode.Message, reason),
        };
        var reply = DhcpReplyBuilder.Reply(request, options);
        if (!IPAddress.Any.Equals(request.GatewayAddress))
        {
            // RFC 2131 §4.3.2: a NAK through a relay asks the relay to broadcast it.
            reply = reply with { Flags = (ushort)(reply.Flags | DhcpMessage.BroadcastFlag) };
        }

        DhcpReplyBuilder.EchoClientIdentifier(request, options);
        DhcpReplyBuilder.EchoRelayAgentInformation(request, options);
        return new DhcpOutcome(reply, DhcpReplyRouting.Choose(request, DhcpMessageType.Nak), [], reason);
    }
}
