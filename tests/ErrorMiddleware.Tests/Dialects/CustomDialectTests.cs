using System.Reflection;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Dialects;

public class CustomDialectTests
{
    [Fact]
    public async Task RegisteredDialect_SelectedByConfiguration_WritesItsBody()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            Map,
            o => o.AddDialect(new Aip193Dialect()),
            configureBuilder: b => b.Configuration["ApiErrors:Dialect"] = "aip193");

        // Act
        using var response = await app.Client.GetAsync("/quota");

        // Assert
        var error = await Aip193Async(response, 402);
        Assert.Equal("RESOURCE_EXHAUSTED", error.GetProperty("status").GetString());
        Assert.Equal("Quota freeze failed", error.GetProperty("message").GetString());
        Assert.Equal("402000", error.GetProperty("details")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RegisteredDialect_SelectedByOptionGroupAndController_LikeTheBuiltInOnes()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                Map(a);
                a.MapGroup("/v2").WithErrorDialect("Aip193").MapGet("/quota", () => { throw new QuotaExceededException(); });
                a.MapControllers();
            },
            o => o.AddDialect(new Aip193Dialect()),
            configureServices: s => s.AddControllers().ConfigureApplicationPartManager(m => m.FeatureProviders.Add(new Aip193ControllerProvider())));

        // Act
        using var global = await app.Client.GetAsync("/quota");
        using var group = await app.Client.GetAsync("/v2/quota");
        using var unmatched = await app.Client.GetAsync("/v2/unknown");
        using var controller = await app.Client.GetAsync("/aip193-controller/quota");

        // Assert
        await ErrorAssert.BusinessAsync(global, 402, 402000);
        Assert.Equal("RESOURCE_EXHAUSTED", (await Aip193Async(group, 402)).GetProperty("status").GetString());
        Assert.Equal("NOT_FOUND", (await Aip193Async(unmatched, 404)).GetProperty("status").GetString());
        Assert.Equal("RESOURCE_EXHAUSTED", (await Aip193Async(controller, 402)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RegisteredDialect_ValidationFailure_CarriesTheFieldsAndComposedMessage()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/invalid", () => { throw new ValidationFailedException("prompt", "'prompt' must not be empty."); }),
            o =>
            {
                o.AddDialect(new Aip193Dialect());
                o.DialectName = "Aip193";
            });

        using var response = await app.Client.GetAsync("/invalid");

        var error = await Aip193Async(response, 400);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", error.GetProperty("message").GetString());
        Assert.Equal("prompt", error.GetProperty("details")[1].GetProperty("field").GetString());
    }

    [Fact]
    public async Task RegisteredDialect_WritingFails_ItsComputedFallbackBodyIsWritten()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o =>
            {
                o.AddDialect(new Aip193Dialect());
                o.DialectName = "Aip193";
                o.OnError = (_, _) => throw new InvalidOperationException("callback bug");
            });

        using var response = await app.Client.GetAsync("/quota");

        var error = await Aip193Async(response, 500);
        Assert.Equal("INTERNAL", error.GetProperty("status").GetString());
        Assert.Equal("530003", error.GetProperty("details")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void AddDialect_DuplicateOrBuiltInName_Throws()
    {
        var options = new ApiErrorsOptions().AddDialect(new Aip193Dialect());

        Assert.Throws<ArgumentException>(() => options.AddDialect(new Aip193Dialect()));
        Assert.Throws<ArgumentException>(() => options.AddDialect(new NamedDialect("wanqing")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Klingon")]
    [InlineData("Aip193")]
    public void ConfigurationDialect_NotADialect_FailsAtStartupNamingTheKeyAndTheAllowedValues(string value)
    {
        // Arrange
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiErrors:Dialect"] = value, ["ApiErrors:HonorProblemDetailsAccept"] = "true" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
            .AddApiErrors().BuildServiceProvider();

        // Act
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ApiErrorsOptions>>().Value);

        // Assert
        Assert.Contains($"ApiErrors:Dialect '{value}' is not a dialect. Use one of: BusinessCode, Wanqing, ProblemDetails.", failure.Message);
    }

    [Fact]
    public void ConfigurationDialect_BuiltInNameInAnyCase_BindsWithTheRestOfTheSection()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiErrors:Dialect"] = "wanqing", ["ApiErrors:HonorProblemDetailsAccept"] = "true" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
            .AddApiErrors().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ApiErrorsOptions>>().Value;

        Assert.Equal(ErrorDialect.Wanqing, options.Dialect);
        Assert.Null(options.DialectName);
        Assert.True(options.HonorProblemDetailsAccept);
    }

    private static void Map(WebApplication app) => app.MapGet("/quota", () => { throw new QuotaExceededException(); });

    private static async Task<JsonElement> Aip193Async(HttpResponseMessage response, int status)
    {
        var body = await ErrorAssert.ErrorAsync(response, status);
        return body.GetProperty("error");
    }

    [Fact]
    public async Task EndpointNamingAnUnregisteredDialect_FailsAtStartup_NamingTheEndpointAndTheKnownDialects()
    {
        var exception = await Record.ExceptionAsync(async () =>
        {
            await using var app = await TestApp.StartAsync(a => a.MapGet("/typo", () => "ok").WithErrorDialect("Wanquing"));
        });

        var failure = Assert.IsType<InvalidOperationException>(exception);
        Assert.Contains("'Wanquing' on", failure.Message);
        Assert.Contains("Known dialects: BusinessCode, Wanqing, ProblemDetails", failure.Message);
    }

    [Theory]
    [InlineData("bad name", "application/json", null)]
    [InlineData("Xml", "application/xml", null)]
    [InlineData("Greedy", "application/json", "application/json")]
    [InlineData("Wild", "application/json", "*/*")]
    public void AddDialect_BreakingTheRulesOfEveryDialect_Throws(string name, string contentType, string? acceptMediaType)
    {
        var failure = Assert.Throws<ArgumentException>(() => new ApiErrorsOptions().AddDialect(new ConfigurableDialect(name, contentType, acceptMediaType)));

        Assert.Contains("cannot be registered", failure.Message);
    }

    [Fact]
    public async Task BuiltInDialect_WrappedByADialectOfYourOwn_WritesTheBuiltInBodyWithItsOwnHeader()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o =>
            {
                o.AddDialect(new HouseDialect());
                o.DialectName = "House";
            });

        using var response = await app.Client.GetAsync("/quota");

        await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal("402000", response.Headers.GetValues("X-Error-Code").Single());
    }

    private sealed class HouseDialect() : ApiErrorDialect("House")
    {
        private static readonly ApiErrorDialect s_inner = BuiltIn(ErrorDialect.BusinessCode);

        public override void ApplyHeaders(Microsoft.AspNetCore.Http.IHeaderDictionary headers, ResolvedError error) => headers["X-Error-Code"] = error.Code.Code;

        public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, Microsoft.AspNetCore.Http.HttpContext context) =>
            s_inner.WriteBody(writer, error, context);
    }

    private sealed class ConfigurableDialect(string name, string contentType, string? acceptMediaType) : ApiErrorDialect(name)
    {
        public override string ContentType => contentType;

        public override string? AcceptMediaType => acceptMediaType;

        public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, Microsoft.AspNetCore.Http.HttpContext context) =>
            writer.WriteStringValue(error.Message);
    }

    private sealed class Aip193ControllerProvider : Microsoft.AspNetCore.Mvc.ApplicationParts.IApplicationFeatureProvider<Microsoft.AspNetCore.Mvc.Controllers.ControllerFeature>
    {
        public void PopulateFeature(IEnumerable<Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPart> parts, Microsoft.AspNetCore.Mvc.Controllers.ControllerFeature feature) =>
            feature.Controllers.Add(typeof(Aip193Controller).GetTypeInfo());
    }

    /// <summary>Nested, so MVC's discovery leaves it out of the other tests' apps (which do not register Aip193).</summary>
    [ApiController]
    [Route("aip193-controller")]
    [ErrorDialect("Aip193")]
    public sealed class Aip193Controller : ControllerBase
    {
        [HttpGet("quota")]
        public IActionResult Quota() => throw new QuotaExceededException();
    }

    private sealed class NamedDialect(string name) : ApiErrorDialect(name)
    {
        public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, Microsoft.AspNetCore.Http.HttpContext context) =>
            writer.WriteStringValue(error.Message);
    }
}
