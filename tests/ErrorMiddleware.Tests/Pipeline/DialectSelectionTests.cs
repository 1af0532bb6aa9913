using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Pipeline;

public class DialectSelectionTests
{
    [Fact]
    public async Task GlobalOption_ChoosesTheDialect()
    {
        await using var app = await TestApp.StartAsync(Map, o => o.Dialect = ErrorDialect.Wanqing);

        using var response = await app.Client.GetAsync("/quota");

        var error = await ErrorAssert.WanqingAsync(response, 403, "Forbidden.InsufficientBalance");
        Assert.Equal("The balance is insufficient.", error.GetProperty("message").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Fact]
    public async Task ConfigurationSection_ChoosesTheDialect()
    {
        await using var app = await TestApp.StartAsync(Map, configureBuilder: b => b.Configuration["ApiErrors:Dialect"] = "Wanqing");

        using var response = await app.Client.GetAsync("/quota");

        await ErrorAssert.WanqingAsync(response, 403, "Forbidden.InsufficientBalance");
    }

    [Fact]
    public async Task ConfigureCallback_RunsAfterTheConfigurationSection()
    {
        await using var app = await TestApp.StartAsync(
            Map,
            o => o.Dialect = ErrorDialect.ProblemDetails,
            configureBuilder: b => b.Configuration["ApiErrors:Dialect"] = "Wanqing");

        using var response = await app.Client.GetAsync("/quota");

        await ErrorAssert.ProblemAsync(response, 402, 402000);
    }

    [Fact]
    public async Task Group_AndEndpoint_ChooseTheirDialect_MostSpecificWins()
    {
        await using var app = await TestApp.StartAsync(Map);

        using var global = await app.Client.GetAsync("/quota");
        using var group = await app.Client.GetAsync("/v1/quota");
        using var endpoint = await app.Client.GetAsync("/v1/quota-problem");

        await ErrorAssert.BusinessAsync(global, 402, 402000);
        await ErrorAssert.WanqingAsync(group, 403, "Forbidden.InsufficientBalance");
        await ErrorAssert.ProblemAsync(endpoint, 402, 402000);
    }

    [Fact]
    public async Task ControllerAttribute_AndActionAttribute_ChooseTheirDialect()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapControllers(),
            configureServices: s => s.AddControllers().AddApplicationPart(typeof(CoreDialectController).Assembly));

        using var controller = await app.Client.GetAsync("/core-mvc/dialect/quota");
        using var action = await app.Client.GetAsync("/core-mvc/dialect/quota-problem");

        await ErrorAssert.WanqingAsync(controller, 403, "Forbidden.InsufficientBalance");
        await ErrorAssert.ProblemAsync(action, 402, 402000);
    }

    [Fact]
    public async Task ConfigurationSection_WithAnUnknownDialect_FailsAtStartup()
    {
        var exception = await Record.ExceptionAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(Map, configureBuilder: b => b.Configuration["ApiErrors:Dialect"] = "Klingon");
        });

        Assert.NotNull(exception);
        Assert.Contains("Klingon", exception.ToString());
    }

    [Fact]
    public async Task InvalidOverride_FailsAtStartup_WithAClearMessage()
    {
        var exception = await Record.ExceptionAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(Map, configureBuilder: b => b.Configuration["ApiErrors:BusinessCodeOverrides:QuotaExceeded:Code"] = "abc");
        });

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(exception);
        Assert.Contains("business code 'abc' of QuotaExceeded", validation.Message);
    }

    [Fact]
    public async Task Override_FromConfiguration_ReplacesTheRow()
    {
        await using var app = await TestApp.StartAsync(Map, configureBuilder: b =>
        {
            b.Configuration["ApiErrors:BusinessCodeOverrides:QuotaExceeded:Code"] = "402001";
            b.Configuration["ApiErrors:BusinessCodeOverrides:QuotaExceeded:Message"] = "Plan expired";
            b.Configuration["ApiErrors:WanqingOverrides:QuotaExceeded:StatusCode"] = "402";
        });

        using var business = await app.Client.GetAsync("/quota");
        using var wanqing = await app.Client.GetAsync("/v1/quota");

        Assert.Equal("Plan expired", (await ErrorAssert.BusinessAsync(business, 402, 402001)).GetProperty("msg").GetString());
        await ErrorAssert.WanqingAsync(wanqing, 402, "Forbidden.InsufficientBalance");
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/quota", () => { throw new QuotaExceededException(); });
        var v1 = app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing);
        v1.MapGet("/quota", () => { throw new QuotaExceededException(); });
        v1.MapGet("/quota-problem", () => { throw new QuotaExceededException(); }).WithErrorDialect(ErrorDialect.ProblemDetails);
    }
}

[ApiController]
[Route("core-mvc/dialect")]
[ErrorDialect(ErrorDialect.Wanqing)]
public class CoreDialectController : ControllerBase
{
    [HttpGet("quota")]
    public IActionResult Quota() => throw new QuotaExceededException();

    [HttpGet("quota-problem")]
    [ErrorDialect(ErrorDialect.ProblemDetails)]
    public IActionResult QuotaProblem() => throw new QuotaExceededException();
}
