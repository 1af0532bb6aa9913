using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.ErrorResults;

/// <summary>A typed error result in an endpoint's return type is documented like the failures its metadata implies.</summary>
public sealed class ApiResultsOpenApiTests
{
    [Fact]
    public async Task Document_TypedErrorResultsInTheReturnType_AreListedWithEachDialectsStatus()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            app =>
            {
                app.MapOpenApi();
                app.MapGet("/orders", Results<Ok<string>, QuotaExceededHttpResult, AccessDeniedHttpResult> (string? who) =>
                    who is null ? ApiResults.QuotaExceeded() : TypedResults.Ok(who));
                app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/orders", Results<Ok<string>, QuotaExceededHttpResult> () => ApiResults.QuotaExceeded());
                app.MapGet("/any", Results<Ok<string>, ApiErrorHttpResult> () => ApiResults.Error(ErrorKind.UpstreamError));
            },
            configureServices: services => services.AddOpenApi(o => o.AddApiErrorResponses()));

        // Act
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        // Assert
        Assert.Equal(["200", "402", "403", "500"], Responses(paths, "/orders"));
        Assert.Equal(["200", "403", "500"], Responses(paths, "/v1/orders"));
        Assert.Equal(["200", "500"], Responses(paths, "/any"));
        var quota = paths.GetProperty("/orders").GetProperty("get").GetProperty("responses").GetProperty("402");
        Assert.Equal(402000, quota.GetProperty("content").GetProperty("application/json").GetProperty("examples")
            .GetProperty("QuotaExceeded").GetProperty("value").GetProperty("code").GetInt32());
    }

    private static string[] Responses(JsonElement paths, string path) =>
        [.. paths.GetProperty(path).GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)];
}
