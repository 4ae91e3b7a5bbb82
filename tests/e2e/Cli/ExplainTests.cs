using System.Text.Json;
using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// <c>pxehost explain</c> prints what a client would get; the running server then gives a real
/// client exactly that: the same boot file, the same iPXE script over HTTP, the same PXELINUX
/// configuration over TFTP (fetched with tftp-hpa).
/// </summary>
public sealed class ExplainTests
{
    [Fact]
    public async Task Explain_shows_exactly_what_the_running_server_serves_to_that_client()
    {
        await using var lab = await BootLab.CreateAsync();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        var root = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "tftp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "vmlinuz"), "a kernel");
        await File.WriteAllTextAsync(Path.Combine(root, "initrd.gz"), "an initrd");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            tftp-root: {{root}}
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            defaults:
              boot: lab
              serial: 0
            profiles:
              linux:
                title: Linux
                kernel: vmlinuz
                initrds: [initrd.gz]
                cmdline: console=ttyS0 mac=${mac} server=${server}
              local:
                title: Local disk
                local: true
            menus:
              lab:
                title: Lab
                timeout: 5
                entries: [linux, local]
            machines:
              - mac: 52:54:00:00:00:02
                loader: pxelinux
            """);
        await using var server = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on",
            "serve", "--config", config, "--data-dir", Path.Combine(lab.WorkDirectory, "data"), "--probe-timeout", "200");

        var ipxe = await ExplainAsync(lab, config, "52:54:00:00:00:01", "bios", "--ipxe");
        Assert.Equal($"http://{lab.ServerAddress}/boot/52-54-00-00-00-01.ipxe?arch=0", ipxe.GetProperty("bootFile").GetString());
        var served = await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "curl", "-sS", ipxe.GetProperty("bootFile").GetString()!);
        Assert.Equal(ipxe.GetProperty("config").GetString(), served.Stdout);
        Assert.Contains($"mac=52:54:00:00:00:01 server={lab.ServerAddress}", served.Stdout, StringComparison.Ordinal);

        var pxelinux = await ExplainAsync(lab, config, "52:54:00:00:00:02", "bios");
        Assert.Equal("pxelinux.0", pxelinux.GetProperty("bootFile").GetString());
        var local = Path.Combine(lab.WorkDirectory, "fetched.cfg");
        await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "tftp", lab.ServerAddress.ToString(), "-m", "octet",
            "-c", "get", "pxelinux.cfg/01-52-54-00-00-00-02", local);
        Assert.Equal(pxelinux.GetProperty("config").GetString(), await File.ReadAllTextAsync(local));
        Assert.Contains("UI menu.c32", await File.ReadAllTextAsync(local), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ExplainAsync(BootLab lab, string config, string mac, string arch, params string[] more)
    {
        var result = await PxeHostProcess.RunAsync(lab.Namespace, ["explain", "--config", config, "--mac", mac, "--arch", arch, "--server", lab.ServerAddress.ToString(), "--json", .. more]);
        Assert.True(result.ExitCode == 0, result.Output);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
