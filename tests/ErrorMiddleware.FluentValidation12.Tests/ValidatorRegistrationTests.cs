using System.Net.Http.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>
/// Validators are registered with FluentValidation's own scan (FluentValidation.DependencyInjectionExtensions), the way
/// README documents; the library resolves whatever <see cref="IValidator{T}"/> the container holds. Here rather than in
/// ErrorMiddleware.Tests, which runs on the library's lowest FluentValidation, below what the scan package needs.
/// </summary>
public sealed class ValidatorRegistrationTests
{
    [Fact]
    public async Task AddValidatorsFromAssemblyContaining_MinimalEndpoint_ValidatesWithTheScannedValidator()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            web => web.MapPost("/tasks", (CreateTaskRequest request) => Results.Ok()).WithApiValidation(),
            configureServices: services => services.AddValidatorsFromAssemblyContaining<CreateTaskRequestValidator>());

        // Act
        using var response = await app.Client.PostAsJsonAsync("/tasks", new { prompt = "forbidden", max_tokens = 10 });

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("prompt", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AddValidatorsFromAssemblyContaining_CalledTwice_ReportsEachFailureOnce()
    {
        // Arrange: FluentValidation's scan adds a second registration; the library validates with one validator.
        await using var app = await TestApp.StartAsync(
            web => web.MapPost("/tasks", (CreateTaskRequest request) => Results.Ok()).WithApiValidation(),
            configureServices: services => services
                .AddValidatorsFromAssemblyContaining<CreateTaskRequestValidator>()
                .AddValidatorsFromAssemblyContaining<CreateTaskRequestValidator>());

        // Act
        using var response = await app.Client.PostAsJsonAsync("/tasks", new { prompt = "ok", max_tokens = 0 });

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("max_tokens", error.GetProperty("field").GetString());
    }
}
