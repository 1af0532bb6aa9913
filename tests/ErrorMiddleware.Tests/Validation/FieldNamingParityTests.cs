using System.Text.Json;
using ErrorMiddleware.Tests.Mvc;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>
/// The same bad body sent to an MVC action and to a minimal endpoint, with MVC's and minimal APIs' JSON options
/// configured alike, reports the same field names: binding failures, FluentValidation failures and an application's
/// <c>ValidationProblemDetails</c> keyed by CLR names.
/// </summary>
public sealed class FieldNamingParityTests
{
    public static TheoryData<string, string, string, string[]> Cases => new()
    {
        // Binding and validation both fail (wrong type for top_k, max_tokens out of range): binding wins.
        { "camel", "", """{"topK":"abc","max_tokens":0}""", ["topK"] },
        { "snake", "", """{"top_k":"abc","max_tokens":0}""", ["top_k"] },
        { "camel", "", """{"chatMessages":[{"role":5}]}""", ["chatMessages[0].role"] },
        { "snake", "", """{"chat_messages":[{"role":5}]}""", ["chat_messages[0].role"] },

        // FluentValidation only.
        { "camel", "", """{"max_tokens":0,"chatMessages":[{}]}""", ["modelName", "max_tokens", "chatMessages[0].role"] },
        { "snake", "", """{"max_tokens":0,"chat_messages":[{}]}""", ["model_name", "max_tokens", "chat_messages[0].role"] },

        // A valid body; the handler answers with a ValidationProblemDetails keyed by CLR member paths.
        { "camel", "/problem", """{"modelName":"m"}""", ["topK", "chatMessages[0].role"] },
        { "snake", "/problem", """{"model_name":"m"}""", ["top_k", "chat_messages[0].role"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SameBadRequest_MvcAndMinimal_IdenticalFieldNames(string policy, string route, string body, string[] expected)
    {
        // Arrange
        await using var app = await StartAsync(policy);

        // Act
        var mvc = await FieldsAsync(await app.Client.PostJsonAsync("/naming-tests/mvc" + route, body));
        var minimal = await FieldsAsync(await app.Client.PostJsonAsync("/naming-tests/minimal" + route, body));

        // Assert
        Assert.Equal(expected, mvc);
        Assert.Equal(expected, minimal);
    }

    [Fact]
    public async Task MinimalEndpoint_BodyAfterAnotherClassParameter_StillNamedFromTheBodyType()
    {
        // Arrange: HttpRequest before the body used to be taken for the body, losing [JsonPropertyName].
        await using var app = await TestApp.StartAsync(a => a.MapPost("/naming-tests/request-first", (HttpRequest http, NamingRequest request) =>
            Results.ValidationProblem(new Dictionary<string, string[]> { ["MaxTokens"] = ["too many"] })));

        // Act
        var fields = await FieldsAsync(await app.Client.PostJsonAsync("/naming-tests/request-first", """{"modelName":"m"}"""));

        // Assert
        Assert.Equal(new[] { "max_tokens" }, fields.ToArray());
    }

    internal static Task<TestAppHandle> StartAsync(string policy)
    {
        var naming = policy == "snake" ? JsonNamingPolicy.SnakeCaseLower : JsonNamingPolicy.CamelCase;
        return TestApp.StartAsync(
            app =>
            {
                app.MapControllers();
                app.MapPost("/naming-tests/minimal", (NamingRequest request) => Results.Ok(new { request.ModelName })).WithApiValidation();
                app.MapPost("/naming-tests/minimal/problem", (NamingRequest request) => Results.ValidationProblem(NamingProblem.Errors));
            },
            options => options.Dialect = ErrorDialect.BusinessCode,
            services =>
            {
                services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = naming);
                services.AddControllers()
                    .AddApplicationPart(typeof(NamingTestController).Assembly)
                    .AddJsonOptions(o => o.JsonSerializerOptions.PropertyNamingPolicy = naming);
                services.AddTestValidators();
            });
    }

    private static async Task<string?[]> FieldsAsync(HttpResponseMessage response)
    {
        var body = await ErrorAssert.ErrorAsync(response, 400);
        return [.. body.GetProperty("data").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString())];
    }
}
