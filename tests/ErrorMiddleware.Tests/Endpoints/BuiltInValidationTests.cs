using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Endpoints;

public sealed class BuiltInValidatedRequest
{
    [Required]
    public string? Name { get; set; }

    [Range(1, 10)]
    [JsonPropertyName("item_count")]
    public int Count { get; set; } = 1;
}

/// <summary>The problems of .NET 10's built-in minimal-API validation (<c>AddValidation()</c>) come out as 100002.</summary>
public sealed class BuiltInValidationTests
{
    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect) => TestApp.StartAsync(
        app => app.MapPost("/builtin", (BuiltInValidatedRequest request) => Results.Ok(new { request.Name })),
        options => options.Dialect = dialect,
        services => services.AddValidation());

    [Fact]
    public async Task BuiltInValidation_RangeFails_BusinessCode100002()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/builtin", """{"name":"a","item_count":50}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("item_count", error.GetProperty("field").GetString());
        Assert.Contains("must be between 1 and 10.", body.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Parameter validation failed: ", body.GetProperty("msg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltInValidation_RangeFails_WanqingRequestBodyInvalidWithParam()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/builtin", """{"name":"a","item_count":50}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("item_count", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task BuiltInValidation_RequiredMissing_ProblemDetailsErrors()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/builtin", """{"item_count":2}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal(["name"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task BuiltInValidation_ValidRequest_HandlerRuns()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/builtin", """{"name":"a","item_count":2}""");

        // Assert
        Assert.Equal(200, response.Status());
    }
}
