using System.Net;
using System.Net.NetworkInformation;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Logging.Abstractions;
using PxeHost.Dhcp;
using PxeHost.Storage;
using PxeHost.Tests.Support;

namespace PxeHost.Tests.Storage;

/// <summary>
/// For any sequence of DISCOVER, REQUEST, RELEASE and DECLINE from a handful of clients over a
/// four-address pool (with one reservation inside it and one outside), interleaved with the clock
/// moving: no address is ever held by two clients at once — neither as leases nor as offers — and
/// every address handed out is in the pool or is the asking client's reservation. The holdings are
/// tracked by a model built only from what the table answered, not from its insides. And for any such
/// sequence (with reloads of the scopes mixed in) the SQLite store decides exactly as the in-memory
/// store, and its file, reopened, holds what the in-memory store holds.
/// </summary>
public sealed class LeaseTablePropertyTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(5);

    private static readonly PhysicalAddress[] Macs = Enumerable.Range(1, 6)
        .Select(i => new PhysicalAddress([0x52, 0x54, 0, 0, 0, (byte)i])).ToArray();

    /// <summary>Macs[0] owns .101 (inside the pool), Macs[1] owns .10 (outside it).</summary>
    private static readonly DhcpScope Scope = new()
    {
        Network = IPAddress.Parse("10.99.0.0"),
        PrefixLength = 24,
        Ranges = [new DhcpRange(IPAddress.Parse("10.99.0.100"), IPAddress.Parse("10.99.0.103"))],
        LeaseTime = LeaseTime,
        Reservations = [new DhcpReservation(Macs[0], IPAddress.Parse("10.99.0.101")), new DhcpReservation(Macs[1], IPAddress.Parse("10.99.0.10"))],
    };

    /// <summary>What a reload makes of <see cref="Scope"/>: Macs[2] gets .103 reserved, and leases last twice as long.</summary>
    private static readonly DhcpScope Reloaded = Scope with
    {
        LeaseTime = LeaseTime * 2,
        Reservations = [.. Scope.Reservations, new DhcpReservation(Macs[2], IPAddress.Parse("10.99.0.103"), "reloaded")],
    };

    /// <summary>The pool, both reservations, an address of the subnet outside the pool, one outside the subnet.</summary>
    private static readonly IPAddress[] Addresses =
        new[] { "10.99.0.100", "10.99.0.101", "10.99.0.102", "10.99.0.103", "10.99.0.10", "10.99.0.50", "10.98.0.100" }
            .Select(IPAddress.Parse).ToArray();

    private enum Kind
    {
        Discover,
        Request,
        Release,
        Decline,
        Wait,
        Reload,
    }

    private sealed record Step(Kind Kind, int Client, int Address, int Seconds)
    {
        public override string ToString() => Kind switch
        {
            Kind.Wait => $"wait {Seconds}s",
            Kind.Reload => "reload",
            _ => $"{Kind} {Client} {Addresses[Address]}",
        };
    }

    private static readonly Gen<Step> StepGen =
        from kind in Gen.Frequency((5, Gen.Constant(Kind.Discover)), (5, Gen.Constant(Kind.Request)), (1, Gen.Constant(Kind.Release)),
            (1, Gen.Constant(Kind.Decline)), (2, Gen.Constant(Kind.Wait)))
        from client in Gen.Choose(0, Macs.Length - 1)
        from address in Gen.Choose(0, Addresses.Length - 1)
        from seconds in Gen.Elements(1, 10, 29, 30, 31, 299, 300, 601)
        select new Step(kind, client, address, seconds);

    private static readonly Gen<Step> StepOrReloadGen = Gen.Frequency((14, StepGen), (1, Gen.Constant(new Step(Kind.Reload, 0, 0, 0))));

    [Fact]
    public void No_address_is_ever_held_by_two_clients_and_every_address_given_is_allowed()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(400).WithEndSize(80);
        Check.One(config, Prop.ForAll(Arb.From(StepGen.ListOf()), steps => Run(steps.ToList())));
    }

    [Fact]
    public void The_sqlite_store_decides_as_the_in_memory_store_and_its_file_holds_what_memory_holds()
    {
        // Fewer runs: each opens a database and commits every grant, release and decline before going on.
        var config = Config.QuickThrowOnFailure.WithMaxTest(60).WithEndSize(60);
        Check.One(config, Prop.ForAll(Arb.From(StepOrReloadGen.ListOf()), steps => SameDecisionsAsync([.. steps])));
    }

    [Fact]
    public void A_decision_taken_back_leaves_the_table_as_if_it_had_never_been_made()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(80);
        Check.One(config, Prop.ForAll(Arb.From(StepOrReloadGen.ListOf()), steps => TakenBack([.. steps])));
    }

    /// <summary>
    /// A REQUEST, RELEASE or DECLINE step whose (otherwise unused) seconds are 10, 29 or 31 stands for a
    /// decision whose commit failed: one table makes it and takes it back, the other never sees it, and
    /// from then on both must decide alike and hold the same leases.
    /// </summary>
    private static void TakenBack(List<Step> steps)
    {
        var time = new ManualTimeProvider();
        var failing = new LeaseTable([Scope], time, Hold);
        var never = new LeaseTable([Scope], time, Hold);
        var reloaded = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Kind)
            {
                case Kind.Wait:
                    time.Advance(TimeSpan.FromSeconds(step.Seconds));
                    continue;
                case Kind.Reload:
                    reloaded = !reloaded;
                    failing.UpdateScopes([reloaded ? Reloaded : Scope]);
                    never.UpdateScopes([reloaded ? Reloaded : Scope]);
                    continue;
                case not Kind.Discover when step.Seconds is 10 or 29 or 31:
                    failing.Revert(failing.DecideReversibly(table => Decide(table, step)).Undo);
                    continue;
            }

            var expected = Decide(never, step);
            var actual = Decide(failing, step);
            Assert.True(
                Equals(expected.Address, actual.Address) && expected.Reason == actual.Reason && expected.Changed.SequenceEqual(actual.Changed),
                $"step {i} ({step}): never made {Describe(expected)}, taken back {Describe(actual)}; steps: {string.Join(", ", steps)}");
        }

        Assert.Equal(Sorted(never.All), Sorted(failing.All));
    }

    private static LeaseDecision Decide(LeaseTable table, Step step)
    {
        var mac = Macs[step.Client];
        var address = Addresses[step.Address];
        return step.Kind switch
        {
            Kind.Discover => table.Offer(Scope, mac, step.Address % 2 == 0 ? address : null),
            Kind.Request => table.Request(Scope, mac, address, null),
            Kind.Release => table.Release(Scope, mac, address),
            _ => table.Decline(Scope, mac, address, Quarantine),
        };
    }

    private static async Task SameDecisionsAsync(List<Step> steps)
    {
        var time = new ManualTimeProvider();
        using var data = new LeaseStoreTestData();
        var allocation = new LeaseAllocationOptions { Scopes = [Scope], OfferHold = Hold };
        await using var memory = new MemoryLeaseStore(allocation, time);
        await using (var sqlite = await SqliteLeaseStore.OpenAsync(data.Directory, LeaseDurability.Process, allocation, time, NullLogger.Instance, CancellationToken.None))
        {
            var reloaded = false;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                if (step.Kind == Kind.Wait)
                {
                    time.Advance(TimeSpan.FromSeconds(step.Seconds));
                    continue;
                }

                if (step.Kind == Kind.Reload)
                {
                    reloaded = !reloaded;
                    memory.UpdateScopes([reloaded ? Reloaded : Scope]);
                    sqlite.UpdateScopes([reloaded ? Reloaded : Scope]);
                    continue;
                }

                // Both are asked with the scope they were opened with: the reloaded definition must decide anyway.
                var expected = await DecideAsync(memory, step);
                var actual = await DecideAsync(sqlite, step);
                Assert.True(
                    Equals(expected.Address, actual.Address) && expected.Reason == actual.Reason && expected.Changed.SequenceEqual(actual.Changed),
                    $"step {i} ({step}): in memory {Describe(expected)}, SQLite {Describe(actual)}; steps: {string.Join(", ", steps)}");
            }

            Assert.Equal(Sorted(await memory.ListAsync(CancellationToken.None)), Sorted(await sqlite.ListAsync(CancellationToken.None)));
        }

        // Every change was committed before its step returned, so the file holds what memory holds.
        var stored = await SqliteLeaseStore.ReadExistingAsync(data.Directory, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(Sorted(await memory.ListAsync(CancellationToken.None)), Sorted(stored));
    }

    private static async Task<LeaseDecision> DecideAsync(ILeaseStore store, Step step)
    {
        var mac = Macs[step.Client];
        var address = Addresses[step.Address];
        return step.Kind switch
        {
            Kind.Discover => await store.OfferAsync(Scope, mac, step.Address % 2 == 0 ? address : null, CancellationToken.None),
            Kind.Request => await store.RequestAsync(Scope, mac, address, step.Client % 2 == 0 ? $"host-{step.Client}" : null, CancellationToken.None),
            Kind.Release => await store.ReleaseAsync(Scope, mac, address, CancellationToken.None),
            _ => await store.DeclineAsync(Scope, mac, address, Quarantine, CancellationToken.None),
        };
    }

    private static string Describe(LeaseDecision decision) =>
        $"{decision.Address?.ToString() ?? "refused"} ({decision.Reason}) changing [{string.Join("; ", decision.Changed)}]";

    private static List<Lease> Sorted(IEnumerable<Lease> leases) => [.. leases.OrderBy(l => Ipv4.ToUInt32(l.Address))];

    private static void Run(List<Step> steps)
    {
        var time = new ManualTimeProvider();
        var table = new LeaseTable([Scope], time, Hold);
        var model = new Model(time);
        foreach (var step in steps)
        {
            var mac = Macs[step.Client];
            var address = Addresses[step.Address];
            switch (step.Kind)
            {
                case Kind.Discover:
                    var offer = table.Offer(Scope, mac, step.Address % 2 == 0 ? address : null);
                    if (offer.Address is { } offered)
                    {
                        model.Offered(mac, offered, steps);
                    }

                    break;
                case Kind.Request:
                    var ack = table.Request(Scope, mac, address, null);
                    if (ack.Granted)
                    {
                        model.Granted(mac, address, steps);
                    }

                    break;
                case Kind.Release:
                    if (table.Release(Scope, mac, address).Granted)
                    {
                        model.Leases.Remove(address);
                    }

                    break;
                case Kind.Decline:
                    if (table.Decline(Scope, mac, address, Quarantine).Granted)
                    {
                        model.Leases.Remove(address);
                    }

                    break;
                default:
                    time.Advance(TimeSpan.FromSeconds(step.Seconds));
                    break;
            }
        }
    }

    private sealed class Model(ManualTimeProvider time)
    {
        public Dictionary<IPAddress, (PhysicalAddress Mac, DateTimeOffset Until)> Leases { get; } = [];

        private Dictionary<IPAddress, (PhysicalAddress Mac, DateTimeOffset Until)> Offers { get; } = [];

        public void Offered(PhysicalAddress mac, IPAddress address, List<Step> steps)
        {
            AssertAllowed(mac, address, "offered", steps);
            AssertNotHeldByAnother(Leases, mac, address, "leased", steps);
            AssertNotHeldByAnother(Offers, mac, address, "on offer", steps);
            Withdraw(Offers, mac);
            Offers[address] = (mac, time.GetUtcNow() + Hold);
        }

        public void Granted(PhysicalAddress mac, IPAddress address, List<Step> steps)
        {
            AssertAllowed(mac, address, "granted", steps);
            AssertNotHeldByAnother(Leases, mac, address, "leased", steps);
            AssertNotHeldByAnother(Offers, mac, address, "on offer", steps);
            Withdraw(Offers, mac);
            Withdraw(Leases, mac); // a client moving to a new address gives up its old one
            Leases[address] = (mac, time.GetUtcNow() + LeaseTime);
        }

        private static void AssertAllowed(PhysicalAddress mac, IPAddress address, string what, List<Step> steps)
        {
            var reservation = Scope.Reservations.FirstOrDefault(r => r.Address.Equals(address));
            var allowed = reservation is not null ? reservation.Mac.Equals(mac) : Scope.InPool(Ipv4.ToUInt32(address));
            Assert.True(allowed, $"{address} {what} to {MacAddressText.Format(mac)}: neither its reservation nor a free pool address; steps: {string.Join(", ", steps)}");
        }

        private void AssertNotHeldByAnother(
            Dictionary<IPAddress, (PhysicalAddress Mac, DateTimeOffset Until)> holdings, PhysicalAddress mac, IPAddress address, string what, List<Step> steps)
        {
            if (holdings.TryGetValue(address, out var holder) && !holder.Mac.Equals(mac) && holder.Until > time.GetUtcNow())
            {
                Assert.Fail($"{address} given to {MacAddressText.Format(mac)} while {what} to {MacAddressText.Format(holder.Mac)}; steps: {string.Join(", ", steps)}");
            }
        }

        private static void Withdraw(Dictionary<IPAddress, (PhysicalAddress Mac, DateTimeOffset Until)> holdings, PhysicalAddress mac)
        {
            foreach (var address in holdings.Where(h => h.Value.Mac.Equals(mac)).Select(h => h.Key).ToList())
            {
                holdings.Remove(address);
            }
        }
    }
}
