using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.OpenApi.Tests;

/// <summary>The core's public description of an endpoint's error responses, which the OpenAPI packages render.</summary>
public sealed class ApiErrorResponseDescriberTests
{
    [Fact]
    public async Task Describe_RouteParameterEndpoint_NotFoundAndInternalErrorInItsDialect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/things/{id}", (string id) => Results.Ok(id)),
            configureServices: s => s.AddEndpointsApiExplorer());
        var describer = app.App.Services.GetRequiredService<ApiErrorResponseDescriber>();

        // Act
        var responses = describer.Describe(ApiDescription(app, "things/{id}"));

        // Assert
        Assert.Equal([404, 500], responses.Select(r => r.StatusCode));
        Assert.Equal("Not Found", responses[0].Description);
        var content = Assert.Single(responses[0].Content);
        Assert.Equal("application/json", content.MediaType);
        Assert.Equal("BusinessCodeError", content.SchemaId);
        Assert.Equal("object", (string?)content.Schema["type"]);
        var example = Assert.Single(content.Examples);
        Assert.Equal("NotFound", example.Name);
        Assert.Equal(404000, (int)example.Value!["code"]!);
        Assert.Equal(ApiErrorResponseDescriber.ExampleRequestId, (string?)example.Value["request_id"] ?? ApiErrorResponseDescriber.ExampleRequestId);
        Assert.StartsWith("404000: ", example.Summary, StringComparison.Ordinal);
        Assert.Equal(["X-Request-Id"], responses[1].Headers.Select(h => h.Name));
    }

    [Fact]
    public async Task Describe_BodyEndpoint_ValidationExampleNamesTheGivenField()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapPost("/orders", (Order order) => Results.Ok(order)),
            configureServices: s => s.AddEndpointsApiExplorer());
        var describer = app.App.Services.GetRequiredService<ApiErrorResponseDescriber>();

        // Act
        var badRequest = describer.Describe(ApiDescription(app, "orders"), "sku")[0];

        // Assert
        Assert.Equal(400, badRequest.StatusCode);
        var examples = Assert.Single(badRequest.Content).Examples;
        Assert.Equal(["RequestBodyInvalid", "ValidationFailed"], examples.Select(e => e.Name));
        Assert.Contains("sku", examples[1].Value!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_EachCall_ReturnsItsOwnSchemaCopy()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/x", () => Results.Ok()),
            configureServices: s => s.AddEndpointsApiExplorer());
        var describer = app.App.Services.GetRequiredService<ApiErrorResponseDescriber>();
        var description = ApiDescription(app, "x");

        // Act
        describer.Describe(description)[0].Content[0].Schema["type"] = "changed";
        var again = describer.Describe(description)[0].Content[0].Schema;

        // Assert
        Assert.Equal("object", (string?)again["type"]);
    }

    private static ApiDescription ApiDescription(TestAppHandle app, string relativePath) =>
        app.App.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Single(d => d.RelativePath == relativePath);

    internal sealed class Order
    {
        public required string Sku { get; init; }
    }
}
