using ErrorMiddleware.Tests.Mvc;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Endpoints;

/// <summary>The same binding failures on real Kestrel, whose request-body detection differs from TestServer's.</summary>
public sealed class KestrelBindingTests
{
    private static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(
        app =>
        {
            app.MapPost("/minimal/tasks", (CreateTaskRequest request) => Results.Ok(new { request.Prompt })).WithApiValidation();
            app.MapGet("/minimal/items/{id}", (int id) => Results.Ok(new { id }));
            app.MapControllers();
        },
        options => options.Dialect = ErrorDialect.BusinessCode,
        services =>
        {
            services.AddControllers().AddApplicationPart(typeof(ValidationApiTestController).Assembly);
            services.AddTestValidators();
        },
        kestrel: true);

    [Theory]
    [InlineData("/minimal/tasks")]
    [InlineData("/validation-tests/api/tasks")]
    [InlineData("/validation-tests/plain/tasks")]
    public async Task Kestrel_EmptyJsonBody_400005(string url)
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var response = await app.Client.PostEmptyJsonAsync(url);

        // Assert
        await ErrorAssert.BusinessAsync(response, 400, 400005);
    }

    [Theory]
    [InlineData("/minimal/tasks")]
    [InlineData("/validation-tests/api/tasks")]
    public async Task Kestrel_NoBodyNoContentType_400005(string url)
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var response = await app.Client.PostAsync(url, content: null);

        // Assert
        await ErrorAssert.BusinessAsync(response, 400, 400005);
    }

    [Fact]
    public async Task Kestrel_UnparseableRouteValue_100001()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var response = await app.Client.GetAsync("/minimal/items/abc");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'id' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Kestrel_FluentValidationOnMinimalEndpoint_100002()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        var response = await app.Client.PostJsonAsync("/minimal/tasks", """{"prompt":""}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("msg").GetString());
    }
}
