using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Boot;

/// <summary>
/// A client in another subnet, behind a router running isc-dhcp-relay: PxeHost picks the pool by
/// giaddr, answers the relay, and the client boots over the routed network.
/// </summary>
[Collection(QemuBoots.Name)]
public sealed class RelayedBootTests
{
    [Fact]
    public async Task Client_behind_dhcrelay_gets_an_address_from_its_subnets_pool_and_boots()
    {
        var payload = await TestPayload.GetAsync();
        await using var lab = await BootLab.CreateAsync();
        var segment = await lab.AddRelayedSegmentAsync();
        await segment.StartRelayAsync(lab.ServerAddress);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "DHCP (Full) listening on br0",
            "boot", payload.KernelPath, payload.InitrdPath, "--cmdline", "console=ttyS0 m-relayed",
            "--interface", "br0", "--dhcp-range", $"{lab.AddressAt(100)}-{lab.AddressAt(150)}",
            "--dhcp-range", $"{segment.AddressAt(100)}-{segment.AddressAt(150)}/{segment.Prefix}",
            "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "1000");

        await using var vm = await lab.StartVmAsync(Firmware.BiosIpxe, BootLab.NewMacAddress(), segment);
        var line = await vm.WaitForSerialAsync(TestPayload.Marker, TimeSpan.FromMinutes(4));

        Assert.Contains("m-relayed", line, StringComparison.Ordinal);
        var mac = FullDhcpBootTests.Mac(vm);
        var log = string.Join('\n', server.Lines);
        Assert.Contains($"dhcp {mac} Request on br0 via relay {segment.GatewayAddress}: Ack {segment.AddressAt(100)}", log, StringComparison.Ordinal);
        // HTTP lines name the client by the MAC DHCP told the server, then its address.
        Assert.Contains($"http {mac} ({segment.AddressAt(100)}) GET /quick/0/vmlinuz 200", log, StringComparison.Ordinal);
        Assert.Contains(segment.RelayLog, l => l.Contains($"Forwarded BOOTREPLY for {mac}", StringComparison.Ordinal));
    }
}
