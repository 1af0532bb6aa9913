using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ErrorMiddleware.OpenApi.Tests;

/// <summary>The sample's interactive API reference (Scalar, Development only) and the document it shows.</summary>
public sealed class SampleApiReferenceTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public SampleApiReferenceTests(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task Scalar_InDevelopment_ServesTheReferenceOfTheOpenApiDocument()
    {
        // Arrange
        using var client = _factory.WithWebHostBuilder(b => b.UseEnvironment("Development")).CreateClient();

        // Act
        using var response = await client.GetAsync("/scalar/v1");
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scalar_InProduction_IsNotMapped()
    {
        // Arrange
        using var client = _factory.WithWebHostBuilder(b => b.UseEnvironment("Production")).CreateClient();

        // Act
        using var response = await client.GetAsync("/scalar/v1");

        // Assert
        Assert.Equal(404, (int)response.StatusCode);
    }

    [Fact]
    public async Task Document_EveryOperation_ListsErrorResponsesWithExamples()
    {
        // Arrange
        using var client = _factory.WithWebHostBuilder(b => b.UseEnvironment("Development")).CreateClient();

        // Act
        using var response = await client.GetAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Assert: every operation documents at least its 500, and every error response has a schema and examples.
        var operations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out _), $"{operation.Name} {path.Name} documents no 500");
                foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    foreach (var media in error.Value.GetProperty("content").EnumerateObject())
                    {
                        Assert.StartsWith("#/components/schemas/", media.Value.GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
                        Assert.NotEmpty(media.Value.GetProperty("examples").EnumerateObject());
                    }
                }
            }
        }

        Assert.True(operations >= 10, $"the sample documents only {operations} operations");
    }
}
