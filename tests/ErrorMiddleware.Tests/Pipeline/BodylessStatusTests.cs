using System.Net.Http.Headers;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ErrorMiddleware.Tests.Pipeline;

public class BodylessStatusTests
{
    [Fact]
    public async Task UnmatchedRoute_Gets404Envelope()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var response = await app.Client.GetAsync("/no/such/route");

        var body = await ErrorAssert.BusinessAsync(response, 404, 404000);
        Assert.Equal("Resource not found (invalid API path).", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task WrongMethod_Gets405Envelope()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var response = await app.Client.PostAsync("/only-get", null);

        await ErrorAssert.BusinessAsync(response, 405, 405000);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task WrongContentType_Gets415Envelope()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var response = await app.Client.PostAsync("/json-body", new StringContent("hello", Encoding.UTF8, "text/plain"));

        await ErrorAssert.BusinessAsync(response, 415, 415000);
    }

    [Theory]
    [InlineData(400, 100002, "InvalidArgument.RequestBodyInvalid")]
    [InlineData(401, 401002, "Unauthorized")]
    [InlineData(402, 402000, "Payment Required")]
    [InlineData(403, 403000, "Forbidden")]
    [InlineData(418, 418000, "I'm a teapot")]
    [InlineData(429, 130005, "TooManyRequests")]
    [InlineData(500, 530003, "InternalServerError")]
    [InlineData(503, 500001, "Service Unavailable")]
    public async Task BodylessStatus_KeepsItsStatus_AndGetsTheClosestCode(int status, int businessCode, string wanqingCode)
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var business = await app.Client.GetAsync($"/status/{status}");
        using var wanqing = await app.Client.GetAsync($"/v1/status/{status}");

        await ErrorAssert.BusinessAsync(business, status, businessCode);
        await ErrorAssert.WanqingAsync(wanqing, status, wanqingCode);
    }

    [Fact]
    public async Task ResponseWithABody_IsLeftAlone()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var response = await app.Client.GetAsync("/teapot-with-body");

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("short and stout", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandleBodylessStatusCodes_Off_LeavesTheStatusBare()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints, o => o.HandleBodylessStatusCodes = false);

        using var response = await app.Client.GetAsync("/no/such/route");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ResultsProblem_ComesOutInTheActiveDialect_WithTheApplicationsDetail()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var business = await app.Client.GetAsync("/problem");
        using var wanqing = await app.Client.GetAsync("/v1/problem");

        Assert.Equal("Out of credits", (await ErrorAssert.BusinessAsync(business, 402, 402000)).GetProperty("msg").GetString());
        Assert.Equal("Out of credits", (await ErrorAssert.WanqingAsync(wanqing, 402, "Payment Required")).GetProperty("message").GetString());
    }

    [Fact]
    public async Task ValidationProblem_ComesOutAs100002_WithClientFieldNames()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);

        using var business = await app.Client.GetAsync("/validation-problem");
        using var wanqing = await app.Client.GetAsync("/v1/validation-problem");

        var body = await ErrorAssert.BusinessAsync(business, 400, 100002);
        Assert.Equal("Parameter validation failed: Prompt is too long.", body.GetProperty("msg").GetString());
        Assert.Equal("prompt", body.GetProperty("data").GetProperty("errors")[0].GetProperty("field").GetString());
        var error = await ErrorAssert.WanqingAsync(wanqing, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("prompt", error.GetProperty("param").GetString());
        Assert.Equal("Prompt is too long.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ProblemAccept_WhenEnabled_GetsProblemDetails_WithErrors()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints, o => o.HonorProblemDetailsAccept = true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/validation-problem");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));

        using var response = await app.Client.SendAsync(request);

        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("Prompt is too long.", body.GetProperty("errors").GetProperty("prompt")[0].GetString());
        Assert.Equal("/v1/validation-problem", body.GetProperty("instance").GetString());
        Assert.Equal("Bad Request", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ProblemAccept_WhenNotEnabled_IsIgnored()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/quota");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));

        using var response = await app.Client.SendAsync(request);

        await ErrorAssert.BusinessAsync(response, 402, 402000);
    }

    [Fact]
    public async Task AcceptHeader_NeverTurnsTheErrorIntoHtmlOrXml()
    {
        await using var app = await TestApp.StartAsync(MapEndpoints);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/quota");
        request.Headers.Accept.ParseAdd("text/html, application/xml");

        using var response = await app.Client.SendAsync(request);

        await ErrorAssert.BusinessAsync(response, 402, 402000);
    }

    [Fact]
    public async Task WrongMethod_UnderAGroupWithADialect_Gets405InTheGroupsDialect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(MapEndpoints);

        // Act
        using var response = await app.Client.GetAsync("/v1/json-body");

        // Assert: routing's own 405 endpoint carries no metadata; the group's dialect is found from the matching routes.
        var error = await ErrorAssert.WanqingAsync(response, 405, "Method Not Allowed");
        Assert.Equal("Method Not Allowed", error.GetProperty("message").GetString());
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task WrongContentType_UnderAGroupWithADialect_Gets415InTheGroupsDialect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(MapEndpoints);

        // Act
        using var response = await app.Client.PostAsync("/v1/json-body", new StringContent("hello", Encoding.UTF8, "text/plain"));

        // Assert
        await ErrorAssert.WanqingAsync(response, 415, "Unsupported Media Type");
    }

    [Fact]
    public async Task WrongMethod_RoutesOfDifferentDialectsMatchThePath_GetsTheGlobalDialect()
    {
        // Arrange: /mixed/{id} is Wanqing for GET and has no dialect for POST.
        await using var app = await TestApp.StartAsync(web =>
        {
            web.MapGet("/mixed/{id}", (string id) => id).WithErrorDialect(ErrorDialect.Wanqing);
            web.MapPost("/mixed/{id}", (string id) => id);
        });

        // Act
        using var response = await app.Client.DeleteAsync("/mixed/1");

        // Assert
        await ErrorAssert.BusinessAsync(response, 405, 405000);
    }

    internal static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/only-get", () => "ok");
        app.MapPost("/json-body", (Payload payload) => payload.Name);
        app.MapGet("/teapot-with-body", (HttpContext context) =>
        {
            context.Response.StatusCode = 418;
            return context.Response.WriteAsync("short and stout");
        });
        app.MapGet("/quota", () => { throw new QuotaExceededException(); });
        Map(app);
        Map(app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing));

        static void Map(IEndpointRouteBuilder routes)
        {
            routes.MapGet("/status/{status:int}", (int status) => Results.StatusCode(status));
            routes.MapGet("/problem", () => Results.Problem("Out of credits", statusCode: 402));
            routes.MapGet("/validation-problem", () => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Prompt"] = ["Prompt is too long."] }));
            if (routes is RouteGroupBuilder)
            {
                routes.MapPost("/json-body", (Payload payload) => payload.Name);
            }
        }
    }

    internal sealed record Payload(string Name);
}
