using System.Text.Json;
using ErrorMiddleware.Tests.Streaming;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Pipeline;

public class ProblemDetailsCustomizationTests
{
    private static readonly Dictionary<string, object?> s_extensions = new() { ["balance"] = 0, ["accounts"] = new[] { "a-1", "a-2" } };

    [Theory]
    [InlineData("/results-problem")]
    [InlineData("/typed-problem")]
    [InlineData("/parity-mvc/problem")]
    public async Task ApplicationProblem_InProblemDetails_KeepsTitleTypeDetailInstanceAndExtensions(string route)
    {
        // Arrange
        await using var app = await StartAsync(o => o.Dialect = ErrorDialect.ProblemDetails);

        // Act
        using var response = await app.Client.GetAsync(route);

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 402, 402000);
        Assert.Equal("Credit exhausted", body.GetProperty("title").GetString());
        Assert.Equal("https://errors.example.com/credit", body.GetProperty("type").GetString());
        Assert.Equal("Out of credits", body.GetProperty("detail").GetString());
        Assert.Equal("/accounts/7", body.GetProperty("instance").GetString());
        Assert.Equal(0, body.GetProperty("balance").GetInt32());
        Assert.Equal("a-2", body.GetProperty("accounts")[1].GetString());
        Assert.NotEqual("app-trace", body.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task ApplicationProblem_WithoutTitleOrType_GetsTheStatusDefaults()
    {
        // Arrange
        await using var app = await StartAsync(o => o.Dialect = ErrorDialect.ProblemDetails);

        // Act
        using var response = await app.Client.GetAsync("/plain-problem");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 402, 402000);
        Assert.Equal("Payment Required", body.GetProperty("title").GetString());
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.3", body.GetProperty("type").GetString());
        Assert.Equal("/plain-problem", body.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("/results-problem")]
    [InlineData("/parity-mvc/problem")]
    public async Task ApplicationProblem_InBusinessCode_ExtensionsTravelInData(string route)
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        using var response = await app.Client.GetAsync(route);

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal("Out of credits", body.GetProperty("msg").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(0, data.GetProperty("balance").GetInt32());
        Assert.Equal(2, data.GetProperty("accounts").GetArrayLength());
        Assert.False(data.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task ApplicationProblem_InWanqing_ExtensionsAreErrorMembers_NeverOverridingDocumentedOnes()
    {
        // Arrange
        await using var app = await StartAsync();

        // Act
        using var response = await app.Client.GetAsync("/v1/hijack-problem");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 402, "Payment Required");
        Assert.Equal("Out of credits", error.GetProperty("message").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal(0, error.GetProperty("balance").GetInt32());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task MvcValidationProblem_WithItsOwnTitle_KeepsTitleAndErrors()
    {
        // Arrange
        await using var app = await StartAsync(o => o.Dialect = ErrorDialect.ProblemDetails);

        // Act
        using var response = await app.Client.GetAsync("/parity-mvc/validation-problem");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("The order is invalid", body.GetProperty("title").GetString());
        Assert.Equal("Quantity must be positive.", body.GetProperty("errors").GetProperty("quantity")[0].GetString());
    }

    [Fact]
    public async Task CustomizeProblemDetails_ForAThrownException_WritesWhatTheCallbackChanged()
    {
        // Arrange
        ProblemDetailsContext? seen = null;
        object? seenCode = null;
        int seenResponseStatus = 0;
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context =>
            {
                seen = context;
                seenCode = context.ProblemDetails.Extensions["code"];
                seenResponseStatus = context.HttpContext.Response.StatusCode;
                context.ProblemDetails.Title = "Something broke";
                context.ProblemDetails.Type = "https://errors.example.com/broken";
                context.ProblemDetails.Detail = "Try again later.";
                context.ProblemDetails.Instance = "urn:request:" + context.HttpContext.TraceIdentifier;
                context.ProblemDetails.Extensions["node"] = "eu-1";
            });

        // Act
        using var response = await app.Client.GetAsync("/throws");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 500, 530003);
        Assert.Equal("Something broke", body.GetProperty("title").GetString());
        Assert.Equal("https://errors.example.com/broken", body.GetProperty("type").GetString());
        Assert.Equal("Try again later.", body.GetProperty("detail").GetString());
        Assert.StartsWith("urn:request:", body.GetProperty("instance").GetString());
        Assert.Equal("eu-1", body.GetProperty("node").GetString());
        Assert.NotNull(seen);
        Assert.Equal("secret", Assert.IsType<InvalidOperationException>(seen.Exception).Message);
        Assert.Equal(530003, seenCode);
        Assert.Equal(500, seenResponseStatus);
    }

    [Fact]
    public async Task CustomizeProblemDetails_ChangesToDialectMembers_AreNotWritten()
    {
        // Arrange
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions["code"] = 1;
                context.ProblemDetails.Extensions["traceId"] = "forged";
                context.ProblemDetails.Extensions["errors"] = "forged";
            });

        // Act
        using var response = await app.Client.GetAsync("/validation");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.NotEqual("forged", body.GetProperty("traceId").GetString());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task CustomizeProblemDetails_ForValidation_SeesTheFieldErrors()
    {
        // Arrange
        IDictionary<string, string[]>? errors = null;
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context => errors = (context.ProblemDetails as HttpValidationProblemDetails)?.Errors);

        // Act
        using var response = await app.Client.GetAsync("/validation");

        // Assert
        await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.NotNull(errors);
        Assert.Equal(["Prompt is too long."], errors["prompt"]);
    }

    [Fact]
    public async Task CustomizeProblemDetails_ChangesTheStatus_TheResponseFollowsAndTheCodeStays()
    {
        // Arrange
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context => context.ProblemDetails.Status = 503);

        // Act
        using var response = await app.Client.GetAsync("/throws");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 503, 530003);
        Assert.Equal("Service Unavailable", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task CustomizeProblemDetails_SetsTheResponseStatus_TheBodyFollows()
    {
        // Arrange
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context => context.HttpContext.Response.StatusCode = 429);

        // Act
        using var response = await app.Client.GetAsync("/throws");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 429, 530003);
        Assert.Equal("Too Many Requests", body.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("throw")]
    public async Task CustomizeProblemDetails_BadStatusOrThrowing_WritesTheFallbackAndLogsIt(string fault)
    {
        // Arrange
        await using var app = await StartAsync(
            o => o.Dialect = ErrorDialect.ProblemDetails,
            problem => problem.CustomizeProblemDetails = context =>
            {
                if (fault == "throw")
                {
                    throw new FormatException("callback bug");
                }

                context.ProblemDetails.Status = 200;
            });

        // Act
        using var response = await app.Client.GetAsync("/quota");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 500, 530003);
        Assert.Equal("An error occurred while processing your request.", body.GetProperty("title").GetString());
        Assert.False(body.TryGetProperty("detail", out _));
        var failure = Assert.Single(app.Logs.For("WriteFailed")).Exception;
        Assert.IsType(fault == "throw" ? typeof(FormatException) : typeof(InvalidOperationException), failure);
    }

    [Fact]
    public async Task CustomizeProblemDetails_OtherDialects_AreNotCustomized()
    {
        // Arrange
        var calls = 0;
        await using var app = await StartAsync(configureProblem: problem => problem.CustomizeProblemDetails = _ => calls++);

        // Act
        using var business = await app.Client.GetAsync("/quota");
        using var wanqing = await app.Client.GetAsync("/v1/hijack-problem");

        // Assert
        await ErrorAssert.BusinessAsync(business, 402, 402000);
        await ErrorAssert.WanqingAsync(wanqing, 402, "Payment Required");
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task CustomizeProblemDetails_OnAStartedEventStream_CustomizesTheErrorEvent()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                await context.Response.WriteEventAsync("{\"n\":1}");
                throw new HttpRequestException("upstream down");
            }),
            o => o.Dialect = ErrorDialect.ProblemDetails,
            services => services.AddProblemDetails(problem => problem.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions["node"] = "eu-1";
                context.ProblemDetails.Detail = context.HttpContext.Response.HasStarted ? "Stream failed." : "Not started.";
            }));

        // Act
        using var response = await app.Client.GetAsync("/stream");
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        // Assert
        Assert.Equal(2, events.Count);
        var error = SseEvents.Json(events[1]);
        Assert.Equal(500003, error.GetProperty("code").GetInt32());
        Assert.Equal("Stream failed.", error.GetProperty("detail").GetString());
        Assert.Equal("eu-1", error.GetProperty("node").GetString());
    }

    [Fact]
    public async Task OnError_RunsAfterCustomizeProblemDetails_AndHasTheLastWord()
    {
        // Arrange
        string? titleSeenByOnError = null;
        await using var app = await StartAsync(
            o =>
            {
                o.Dialect = ErrorDialect.ProblemDetails;
                o.OnError = (context, _) =>
                {
                    titleSeenByOnError = context.Error.ProblemTitle;
                    context.Error = context.Error with { ProblemTitle = "From OnError" };
                    return ValueTask.CompletedTask;
                };
            },
            problem => problem.CustomizeProblemDetails = context => context.ProblemDetails.Title = "From the framework");

        // Act
        using var response = await app.Client.GetAsync("/quota");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 402, 402000);
        Assert.Equal("From the framework", titleSeenByOnError);
        Assert.Equal("From OnError", body.GetProperty("title").GetString());
    }

    private static Task<TestAppHandle> StartAsync(Action<ApiErrorsOptions>? configure = null, Action<ProblemDetailsOptions>? configureProblem = null) =>
        TestApp.StartAsync(
            app =>
            {
                app.MapGet("/results-problem", () => Results.Problem("Out of credits", "/accounts/7", 402, "Credit exhausted", "https://errors.example.com/credit", Extensions()));
                app.MapGet("/typed-problem", () => TypedResults.Problem("Out of credits", "/accounts/7", 402, "Credit exhausted", "https://errors.example.com/credit", Extensions()));
                app.MapGet("/plain-problem", () => Results.Problem(statusCode: 402));
                app.MapGet("/v1/hijack-problem", () => Results.Problem("Out of credits", statusCode: 402, extensions: new Dictionary<string, object?>
                {
                    ["balance"] = 0,
                    ["code"] = "hijack",
                    ["message"] = "hijack",
                    ["type"] = "hijack",
                    ["param"] = "hijack",
                })).WithErrorDialect(ErrorDialect.Wanqing);
                app.MapGet("/validation", () => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Prompt"] = ["Prompt is too long."] }));
                app.MapGet("/throws", string () => throw new InvalidOperationException("secret"));
                app.MapGet("/quota", string () => throw new QuotaExceededException());
                app.MapControllers();
            },
            configure,
            services =>
            {
                services.AddControllers().AddApplicationPart(typeof(ParityProblemController).Assembly);
                if (configureProblem is not null)
                {
                    services.AddProblemDetails(configureProblem);
                }
            });

    internal static Dictionary<string, object?> Extensions() => new(s_extensions) { ["traceId"] = "app-trace" };
}

[ApiController]
[Route("parity-mvc")]
public class ParityProblemController : ControllerBase
{
    [HttpGet("problem")]
    public IActionResult MvcProblem()
    {
        var problem = ProblemDetailsFactory.CreateProblemDetails(HttpContext, 402, "Credit exhausted", "https://errors.example.com/credit", "Out of credits", "/accounts/7");
        foreach (var (key, value) in ProblemDetailsCustomizationTests.Extensions())
        {
            problem.Extensions[key] = value;
        }

        return new ObjectResult(problem) { StatusCode = 402 };
    }

    [HttpGet("validation-problem")]
    public IActionResult MvcValidationProblem()
    {
        ModelState.AddModelError("Quantity", "Quantity must be positive.");
        return ValidationProblem(title: "The order is invalid", modelStateDictionary: ModelState);
    }
}
