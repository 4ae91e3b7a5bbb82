using System.Globalization;

namespace PxeHost.E2E.Tests.Support;

/// <summary>
/// Two network namespaces created by the test and joined by a veth pair, with private addresses
/// that exist only inside them: the server's and the client's. Disposing deletes both.
/// </summary>
public sealed class LabNetwork : IAsyncDisposable
{
    private LabNetwork(string name)
    {
        ServerNamespace = name + "-s";
        ClientNamespace = name + "-c";
    }

    public string ServerNamespace { get; }

    public string ClientNamespace { get; }

    public string ServerAddress { get; } = "10.77.0.1";

    public string ClientAddress { get; } = "10.77.0.2";

    public static async Task<LabNetwork> CreateAsync()
    {
        var lab = new LabNetwork("pxh" + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture));
        try
        {
            await lab.SetUpAsync();
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    private async Task SetUpAsync()
    {
        await ChildProgram.RunCheckedAsync("ip", "netns", "add", ServerNamespace);
        await ChildProgram.RunCheckedAsync("ip", "netns", "add", ClientNamespace);
        await ChildProgram.RunCheckedAsync("ip", "-n", ServerNamespace, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", ClientNamespace);
        await ConfigureAsync(ServerNamespace, "veth0", ServerAddress);
        await ConfigureAsync(ClientNamespace, "veth1", ClientAddress);
    }

    /// <summary>
    /// Deletes the veth pair and creates it again with the same names and addresses, as a link that goes
    /// away and comes back (a VM's tap, a USB NIC): the new devices have new interface indexes.
    /// </summary>
    public async Task ReplaceLinkAsync()
    {
        await ChildProgram.RunCheckedAsync("ip", "-n", ServerNamespace, "link", "delete", "veth0");
        await ChildProgram.RunCheckedAsync("ip", "-n", ServerNamespace, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", ClientNamespace);
        await ConfigureAsync(ServerNamespace, "veth0", ServerAddress);
        await ConfigureAsync(ClientNamespace, "veth1", ClientAddress);
    }

    private static async Task ConfigureAsync(string ns, string device, string address)
    {
        await ChildProgram.RunCheckedAsync("ip", "-n", ns, "link", "set", "lo", "up");
        await ChildProgram.RunCheckedAsync("ip", "-n", ns, "addr", "add", address + "/24", "dev", device);
        await ChildProgram.RunCheckedAsync("ip", "-n", ns, "link", "set", device, "up");
    }

    /// <summary>Sets the MTU of both ends of the link (1450: a VXLAN overlay; 1500: Ethernet; veth starts at 1500).</summary>
    public async Task SetMtuAsync(int mtu)
    {
        var value = mtu.ToString(CultureInfo.InvariantCulture);
        await ChildProgram.RunCheckedAsync("ip", "-n", ServerNamespace, "link", "set", "veth0", "mtu", value);
        await ChildProgram.RunCheckedAsync("ip", "-n", ClientNamespace, "link", "set", "veth1", "mtu", value);
    }

    /// <summary>
    /// Drops a share of the frames leaving both ends. This kernel has no netem, so a classic-BPF
    /// filter on a clsact qdisc drops by a random draw: the threshold is percent × 42949673.
    /// </summary>
    public async Task DropFramesAsync(int percent)
    {
        var threshold = ((long)percent * 42949673).ToString(CultureInfo.InvariantCulture);
        var program = $"4,32 0 0 4294963256,53 1 0 {threshold},6 0 0 2,6 0 0 0";
        foreach (var (ns, device) in new[] { (ServerNamespace, "veth0"), (ClientNamespace, "veth1") })
        {
            await ChildProgram.RunCheckedAsync("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", device, "clsact");
            await ChildProgram.RunCheckedAsync("ip", "netns", "exec", ns, "tc", "filter", "add", "dev", device, "egress", "bpf", "da", "bytecode", program);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProgram.RunAsync("ip", ["netns", "delete", ServerNamespace]);
        await ChildProgram.RunAsync("ip", ["netns", "delete", ClientNamespace]);
    }
}
