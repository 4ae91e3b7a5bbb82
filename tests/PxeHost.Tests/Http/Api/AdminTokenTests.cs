using System.Net;
using System.Net.Http.Json;
using PxeHost.Events;
using PxeHost.Http.Api;

namespace PxeHost.Tests.Http.Api;

/// <summary>The admin token: made at first start, mode 0600, kept for the next start, never logged; or the admin's own file.</summary>
public sealed class AdminTokenTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pxh-token-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_generated_token_file_is_0600_and_only_its_place_is_logged()
    {
        await using var server = await ApiHarness.StartAsync();
        var file = Path.Combine(server.DataDirectory, AdminToken.FileName);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var token = server.Token;
        Assert.Equal(43, token.Length); // 32 bytes, base64url without padding
        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
        var logged = Assert.Single(server.Logs.WithEventId(LogEventIds.Http.AdminTokenCreated));
        Assert.Contains(file, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void A_kept_token_is_read_again_and_two_first_starts_make_different_tokens()
    {
        var first = AdminToken.Load(null, _folder);
        var token = File.ReadAllText(Path.Combine(_folder, AdminToken.FileName)).Trim();
        var again = AdminToken.Load(null, _folder);
        var elsewhere = AdminToken.Load(null, Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.True(again.Accepts("Bearer " + token));
        Assert.False(elsewhere.Accepts("Bearer " + token));
        Assert.False(again.Accepts("Bearer " + token[..^1]));
        Assert.False(again.Accepts(token));
        Assert.False(again.Accepts(null));
    }

    [Fact]
    public async Task The_admins_token_file_is_the_token()
    {
        var file = Path.Combine(_folder, "token");
        File.WriteAllText(file, "the admins own secret\n");
        await using var server = await ApiHarness.StartAsync(file);

        using var accepted = await server.SendAsync(HttpMethod.Put, $"/api/v1/machines/{ApiHarness.KnownMac}/profile", JsonContent.Create(new ProfileRequest("beta")),
            "Bearer the admins own secret");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, AdminToken.FileName)));
        Assert.Contains(file, Assert.Single(server.Logs.WithEventId(LogEventIds.Http.AdminTokenRead)).Message, StringComparison.Ordinal);
    }
}
