using PxeHost.E2E.Tests.Support;

namespace PxeHost.E2E.Tests.Cli;

/// <summary>
/// The API of a real <c>pxehost serve</c> (started as root, serving as nobody): the admin token made at
/// first start in the data folder (0600, the server user's), state changes refused without it, an
/// assignment that changes the machine's script and outlives a restart, and <c>--admin-token-file</c>.
/// </summary>
public sealed class ApiTests
{
    private const string Mac = "52:54:00:00:00:41";

    [Fact]
    public async Task A_profile_set_with_the_generated_token_changes_the_script_survives_a_restart_and_the_admins_file_takes_over()
    {
        await using var lab = await BootLab.CreateAsync();
        var config = Path.Combine(lab.WorkDirectory, "pxehost.yaml");
        var data = Path.Combine(lab.WorkDirectory, "data");
        var root = Directory.CreateDirectory(Path.Combine(lab.WorkDirectory, "tftp")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "alpha-vmlinuz"), "alpha");
        await File.WriteAllTextAsync(Path.Combine(root, "beta-vmlinuz"), "beta");
        await File.WriteAllTextAsync(config, $$"""
            interfaces: [br0]
            tftp-root: {{root}}
            dhcp:
              ranges: [{{lab.AddressAt(100)}}-{{lab.AddressAt(150)}}]
            profiles:
              alpha:
                kernel: alpha-vmlinuz
              beta:
                kernel: beta-vmlinuz
            machines:
              - mac: {{Mac}}
                boot: alpha
            """);
        string[] serve = ["serve", "--config", config, "--data-dir", data, "--probe-timeout", "200"];
        var tokenFile = Path.Combine(data, "admin-token");
        string generated;
        await using (var server = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", serve))
        {
            generated = (await File.ReadAllTextAsync(tokenFile)).Trim();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
            Assert.Equal("nobody", (await ChildProgram.RunCheckedAsync("stat", "-c", "%U", tokenFile)).Stdout.Trim());
            Assert.Contains(server.Lines, l => l.Contains($"admin token generated in {tokenFile} (mode 0600)", StringComparison.Ordinal));
            Assert.DoesNotContain(server.Lines, l => l.Contains(generated, StringComparison.Ordinal));

            Assert.Equal("401", await CurlAsync(lab, "PUT", $"/api/v1/machines/{Mac}/profile", """{"profile":"beta"}""", null));
            Assert.Contains("alpha-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);
            Assert.Equal("200", await CurlAsync(lab, "PUT", $"/api/v1/machines/{Mac}/profile", """{"profile":"beta"}""", generated));
            Assert.Contains("beta-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);
            await server.WaitForLineAsync($"PUT /api/v1/machines/{Mac}/profile: {Mac} boots 'beta'", TimeSpan.FromSeconds(10));
        }

        var own = Path.Combine(lab.WorkDirectory, "token");
        await File.WriteAllTextAsync(own, "an admin's own token\n");
        File.SetUnixFileMode(own, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using (var restarted = await PxeHostProcess.StartAsync(lab.Namespace, "HTTP serving on", [.. serve, "--admin-token-file", own]))
        {
            Assert.Contains("beta-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);
            Assert.Equal("401", await CurlAsync(lab, "DELETE", $"/api/v1/machines/{Mac}/profile", null, generated));
            Assert.Equal("204", await CurlAsync(lab, "DELETE", $"/api/v1/machines/{Mac}/profile", null, "an admin's own token"));
            Assert.Contains("alpha-vmlinuz", await ScriptAsync(lab), StringComparison.Ordinal);
        }
    }

    /// <summary>The status code of a request from inside the lab.</summary>
    private static async Task<string> CurlAsync(BootLab lab, string method, string path, string? body, string? token)
    {
        List<string> arguments = ["netns", "exec", lab.Namespace, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", method];
        if (body is not null)
        {
            arguments.AddRange(["-H", "Content-Type: application/json", "--data", body]);
        }

        if (token is not null)
        {
            arguments.AddRange(["-H", $"Authorization: Bearer {token}"]);
        }

        arguments.Add($"http://{lab.ServerAddress}{path}");
        return (await ChildProgram.RunCheckedAsync("ip", [.. arguments])).Stdout.Trim();
    }

    private static async Task<string> ScriptAsync(BootLab lab) =>
        (await ChildProgram.RunCheckedAsync("ip", "netns", "exec", lab.Namespace, "curl", "-sS", $"http://{lab.ServerAddress}/boot/{Mac.Replace(':', '-')}.ipxe?arch=0")).Stdout;
}
