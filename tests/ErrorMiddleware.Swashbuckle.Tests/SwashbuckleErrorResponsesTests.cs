using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ErrorMiddleware.Swashbuckle.Tests;

/// <summary>
/// An application on Swashbuckle (11 in this project, 10 in ErrorMiddleware.Swashbuckle10.Tests, same source) gets
/// the same per-operation error responses as one on Microsoft.AspNetCore.OpenApi, and each example is what the
/// endpoint really answers.
/// </summary>
public sealed class SwashbuckleErrorResponsesTests
{
#if SWASHBUCKLE10
    private const int ExpectedOpenApiMajor = 2;
#else
    private const int ExpectedOpenApiMajor = 3;
#endif

    [Fact]
    public void Build_RunsOnTheSwashbuckleItTargets_MicrosoftOpenApiMajorVersion()
    {
        // Act
        var version = typeof(OpenApiOperation).Assembly.GetName().Version!;

        // Assert: the package is built against Swashbuckle 10 (Microsoft.OpenApi 2.x); this project runs it on its own.
        Assert.Equal(ExpectedOpenApiMajor, version.Major);
    }

    [Fact]
    public async Task Document_EachOperation_ListsTheErrorsItsMetadataImplies()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var paths = (await DocumentAsync(app)).GetProperty("paths");

        // Assert
        Assert.Equal(["404", "500"], ErrorStatuses(paths.GetProperty("/items/{id}").GetProperty("get")));
        Assert.Equal(["400", "500"], ErrorStatuses(paths.GetProperty("/tasks").GetProperty("post")));
        Assert.Equal(["401", "402", "500"], ErrorStatuses(paths.GetProperty("/secure/quota").GetProperty("get")));
        Assert.Equal(["400", "401", "500"], ErrorStatuses(paths.GetProperty("/v1/chat").GetProperty("post")));
        var tasks400 = paths.GetProperty("/tasks").GetProperty("post").GetProperty("responses").GetProperty("400");
        Assert.Equal(["100001", "100002"], Examples(tasks400).Select(e => e.GetProperty("code").GetRawText()).Order());
        var chat401 = paths.GetProperty("/v1/chat").GetProperty("post").GetProperty("responses").GetProperty("401");
        Assert.Equal(ErrorCodes.Wanqing.Unauthorized.Code, Examples(chat401).Single().GetProperty("error").GetProperty("code").GetString());
        Assert.True(chat401.GetProperty("headers").TryGetProperty("X-Request-Id", out _));
    }

    [Fact]
    public async Task Document_ResponsesReferenceTheDialectSchemaComponents()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var document = await DocumentAsync(app);

        // Assert
        var content = document.GetProperty("paths").GetProperty("/items/{id}").GetProperty("get").GetProperty("responses")
            .GetProperty("404").GetProperty("content").GetProperty("application/json");
        Assert.Equal("#/components/schemas/BusinessCodeError", content.GetProperty("schema").GetProperty("$ref").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["code", "msg"], schemas.GetProperty("BusinessCodeError").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.True(schemas.TryGetProperty("WanqingError", out _));
    }

    [Fact]
    public async Task Document_NotFoundExample_IsWhatTheEndpointAnswers()
    {
        // Arrange
        await using var app = await StartAsync();
        var responses = (await DocumentAsync(app)).GetProperty("paths").GetProperty("/items/{id}").GetProperty("get").GetProperty("responses");
        var documented = Examples(responses.GetProperty("404")).Single();

        // Act
        using var response = await app.Client.GetAsync("/items/2");

        // Assert
        var actual = await ErrorAssert.BusinessAsync(response, 404, documented.GetProperty("code").GetInt32());
        Assert.Equal(documented.GetProperty("msg").GetString(), actual.GetProperty("msg").GetString());
        Assert.Equal(
            documented.EnumerateObject().Select(p => p.Name).Order(),
            actual.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task AddApiErrorResponses_WithoutAddApiErrors_FailsWithClearMessage()
    {
        // Arrange
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o => o.AddApiErrorResponses());
        await using var app = builder.Build();
        app.UseSwagger();
        app.MapGet("/x", () => "x");
        await app.StartAsync();

        // Act
        var failure = await Record.ExceptionAsync(() => app.GetTestClient().GetAsync("/swagger/v1/swagger.json"));

        // Assert
        Assert.Contains("AddApiErrors()", failure?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    private static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(
        app =>
        {
            app.UseSwagger();
            app.MapGet("/items/{id:int}", (int id) => id == 1 ? Results.Ok(new { id }) : throw new ResourceNotFoundException());
            app.MapPost("/tasks", (TaskRequest request) => Results.Ok(request));
            app.MapGet("/secure/quota", () => Results.Ok()).RequireAuthorization().WithMetadata(new DocumentedQuotaCost());
            app.MapPost("/v1/chat", (TaskRequest request) => Results.Ok(request)).RequireAuthorization().WithErrorDialect(ErrorDialect.Wanqing);
        },
        configureServices: services =>
        {
            services.AddAuthorization();
            services.AddEndpointsApiExplorer();
            services.AddSwaggerGen(o => o.AddApiErrorResponses());
        });

    private static async Task<JsonElement> DocumentAsync(TestAppHandle app)
    {
        using var response = await app.Client.GetAsync("/swagger/v1/swagger.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string[] ErrorStatuses(JsonElement operation) =>
        [.. operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).Where(n => n[0] is '4' or '5').Order()];

    private static IEnumerable<JsonElement> Examples(JsonElement response) =>
        response.GetProperty("content").EnumerateObject().Single().Value.GetProperty("examples").EnumerateObject()
            .Select(e => e.Value.GetProperty("value"));
}

/// <summary>A request body with one required field.</summary>
internal sealed class TaskRequest
{
    public required string Prompt { get; init; }
}

/// <summary>Documents a quota cost without charging one (the real <c>RequireQuota</c> also freezes balance).</summary>
internal sealed class DocumentedQuotaCost : IQuotaCostMetadata
{
    public long Cost => 1;
}
