using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PxeHost.Events;
using PxeHost.Http.Api;

namespace PxeHost.Tests.Http.Api;

/// <summary>
/// Every route that is not a read — found in the running server's endpoints, so a route added later
/// cannot slip through — answers 401 without the admin token and with a wrong one, and changes nothing.
/// </summary>
public sealed partial class ApiAuthorizationTests
{
    private static readonly string[] Reads = ["GET", "HEAD"];

    [Fact]
    public async Task Every_state_change_is_refused_without_the_token_and_with_a_wrong_one()
    {
        await using var server = await ApiHarness.StartAsync();
        var changes = StateChanges(server.Services);
        // The known ones are found (the enumeration works); any other found later is checked the same way.
        Assert.Subset(
            changes.Select(c => $"{c.Method} {c.Pattern}").ToHashSet(),
            new HashSet<string> { "DELETE /api/v1/leases/{address}", "DELETE /api/v1/machines/{mac}/profile", "POST /api/v1/machines/{mac}/boot-once", "PUT /api/v1/machines/{mac}/profile" });

        foreach (var (method, pattern) in changes)
        {
            var path = Fill(pattern);
            foreach (var authorization in new[] { string.Empty, "Bearer wrong", "Basic " + server.Token, "Bearer " + server.Token + "x" })
            {
                using var response = await server.SendAsync(new HttpMethod(method), path, JsonContent.Create(new ProfileRequest("beta")), authorization);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{authorization}' answered {response.StatusCode}");
                Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
            }

            Assert.Contains(server.Logs.WithEventId(LogEventIds.Http.ApiRefused), l => l.Message.StartsWith("API: 127.0.0.1:", StringComparison.Ordinal)
                && l.Message.Contains($"{method} {path} refused (401): no admin token", StringComparison.Ordinal));
        }

        Assert.False(File.Exists(Path.Combine(server.DataDirectory, PxeHost.Boot.Plan.MachineAssignments.FileName)));

        // The same requests with the token get past the gate (the refusals above were the token's, not the route's).
        using var accepted = await server.SendAsync(HttpMethod.Put, Fill("/api/v1/machines/{mac}/profile"), JsonContent.Create(new ProfileRequest("beta")));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    /// <summary>Every endpoint of the server that answers a method other than GET and HEAD.</summary>
    internal static List<(string Method, string Pattern)> StateChanges(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Method: m, Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => !Reads.Contains(e.Method))
            .ToList();

    /// <summary>A path the route matches: known parameters with real values, any other with a word.</summary>
    private static string Fill(string pattern) => Parameter().Replace(
        pattern.Replace("{mac}", ApiHarness.KnownMac, StringComparison.Ordinal).Replace("{address}", "127.0.0.100", StringComparison.Ordinal),
        "x");

    [GeneratedRegex(@"\{\*{0,2}[^}]+\}")]
    private static partial Regex Parameter();
}
