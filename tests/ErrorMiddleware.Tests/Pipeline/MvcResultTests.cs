using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Pipeline;

public class MvcResultTests
{
    [Theory]
    [InlineData("not-found", 404, 404000, "Resource not found (invalid API path).")]
    [InlineData("bad-request-text", 400, 100002, "The prompt is too long.")]
    [InlineData("status-403", 403, 403000, "Access denied (e.g., account frozen, banned App ID, or accessing unauthorized resources).")]
    [InlineData("unauthorized", 401, 401002, "Unauthorized (Invalid API Key/Token)")]
    [InlineData("problem", 503, 500001, "Down for maintenance")]
    [InlineData("content", 409, 409000, "Already running")]
    public async Task ErrorResult_FromAnAction_IsEnveloped(string route, int status, int code, string message)
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("/core-mvc/results/" + route);

        var body = await ErrorAssert.BusinessAsync(response, status, code);
        Assert.Equal(message, body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task ObjectWithErrorStatus_BecomesTheDataOfTheEnvelope()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("/core-mvc/results/conflict-object");

        var body = await ErrorAssert.BusinessAsync(response, 409, 409000);
        Assert.Equal(7, body.GetProperty("data").GetProperty("taskId").GetInt32());
    }

    [Fact]
    public async Task SuccessfulResult_IsUntouched()
    {
        await using var app = await StartAsync();

        using var response = await app.Client.GetAsync("/core-mvc/results/ok");

        Assert.Equal("{\"value\":1}", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Request-Id"));
    }

    private static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(
        a => a.MapControllers(),
        configureServices: s => s.AddControllers().AddApplicationPart(typeof(CoreResultsController).Assembly));
}

[ApiController]
[Route("core-mvc/results")]
public class CoreResultsController : ControllerBase
{
    [HttpGet("not-found")]
    public IActionResult Missing() => NotFound();

    [HttpGet("bad-request-text")]
    public IActionResult BadText() => BadRequest("The prompt is too long.");

    [HttpGet("status-403")]
    public IActionResult Status403() => StatusCode(403);

    [HttpGet("unauthorized")]
    public IActionResult NotAuthorized() => Unauthorized();

    [HttpGet("problem")]
    public IActionResult Down() => Problem("Down for maintenance", statusCode: 503);

    [HttpGet("content")]
    public IActionResult Text() => new ContentResult { StatusCode = 409, Content = "Already running" };

    [HttpGet("conflict-object")]
    public IActionResult ConflictObject() => Conflict(new { TaskId = 7 });

    [HttpGet("ok")]
    public IActionResult Fine() => Ok(new { Value = 1 });
}
