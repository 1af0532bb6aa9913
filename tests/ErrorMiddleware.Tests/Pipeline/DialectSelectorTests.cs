using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;

namespace ErrorMiddleware.Tests.Pipeline;

public class DialectSelectorTests
{
    [Theory]
    [InlineData("application/problem+json", true)]
    [InlineData("application/json, application/problem+json", true)]
    [InlineData("application/problem+json;q=0", false)]
    [InlineData("application/problem+json; q=0.0, application/json", false)]
    [InlineData("application/json, application/problem+json;q=0.5", false)]
    [InlineData("application/json;q=0.4, application/problem+json;q=0.5", true)]
    [InlineData("*/*;q=0.8, application/problem+json;q=0.9", true)]
    [InlineData("text/html, */*;q=0.1", false)]
    [InlineData("application/problem+jsonx", false)]
    [InlineData("not a media type;;;", false)]
    public async Task Accept_ParsedWithQualities_SelectsProblemDetailsOnlyWhenPreferred(string accept, bool problem)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(Map, o => o.HonorProblemDetailsAccept = true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/quota");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        // Act
        using var response = await app.Client.SendAsync(request);

        // Assert
        if (problem)
        {
            await ErrorAssert.ProblemAsync(response, 402, 402000);
        }
        else
        {
            await ErrorAssert.WanqingAsync(response, 403, "Forbidden.InsufficientBalance");
        }
    }

    [Theory]
    [InlineData("/v1/unknown")]
    [InlineData("/v1/chat/unknown/deeper")]
    [InlineData("/V1/Unknown")]
    public async Task UnmatchedPath_UnderAGroupPrefix_AnswersInTheGroupsDialect(string path)
    {
        await using var app = await TestApp.StartAsync(Map);

        using var response = await app.Client.GetAsync(path);

        var error = await ErrorAssert.WanqingAsync(response, 404, "ResourceNotFound");
        Assert.Equal("Resource not found.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/unknown")]
    [InlineData("/tasks/one/unknown")]
    [InlineData("/")]
    public async Task UnmatchedPath_OutsideEveryDialectedPrefix_AnswersInTheGlobalDialect(string path)
    {
        await using var app = await TestApp.StartAsync(Map);

        using var response = await app.Client.GetAsync(path);

        await ErrorAssert.BusinessAsync(response, 404, 404000);
    }

    [Fact]
    public async Task UnmatchedPath_UnderAPrefixSharedByDifferentDialects_AnswersInTheGlobalDialect()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapGet("/mixed/a", () => "a").WithErrorDialect(ErrorDialect.Wanqing);
            a.MapGet("/mixed/b", () => "b");
        });

        using var response = await app.Client.GetAsync("/mixed/c");

        await ErrorAssert.BusinessAsync(response, 404, 404000);
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/tasks/{id}", (string id) => id);
        var v1 = app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing);
        v1.MapGet("/quota", () => { throw new QuotaExceededException(); });
        v1.MapPost("/chat/completions", () => "ok");
    }
}
