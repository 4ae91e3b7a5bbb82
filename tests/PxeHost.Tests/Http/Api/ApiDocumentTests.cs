using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace PxeHost.Tests.Http.Api;

/// <summary>The OpenAPI document the server serves reads back without errors and describes every route of the API.</summary>
public sealed class ApiDocumentTests
{
    [Fact]
    public async Task The_openapi_document_parses_and_lists_every_api_route_with_its_methods()
    {
        await using var server = await ApiHarness.StartAsync();

        var text = await server.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var read = OpenApiDocument.Parse(text, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        var document = read.Document!;
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()!.HttpMethods.Select(m => (Path: e.RoutePattern.RawText!, Method: m)))
            .ToList();
        Assert.Equal(11, routes.Count);
        Assert.Contains(("/api/v1/images", "GET"), routes);
        foreach (var (path, method) in routes)
        {
            Assert.True(document.Paths.TryGetValue(path, out var item), $"{path} is not in the document");
            var operation = Assert.Single(item!.Operations!, o => o.Key.Method == method).Value;
            Assert.False(string.IsNullOrEmpty(operation.Summary), $"{method} {path} has no summary");
            Assert.False(string.IsNullOrEmpty(operation.OperationId), $"{method} {path} has no name");
        }
    }
}
