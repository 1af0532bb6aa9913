using System.Net;
using System.Net.Http.Headers;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Quota;

public sealed class QuotaTests
{
    private const string Key1 = "sk-quota-account-0001";
    private const string Key2 = "sk-quota-account-0002";

    private static readonly ExpectedError s_insufficient = new(402, 402000, "Quota freeze failed", 403, "Forbidden.InsufficientBalance", "The balance is insufficient.");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Fact]
    public async Task RequireQuota_HandlerSucceeds_CommitsCost()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var response = await PostAsync(app, "/paid", Key1);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, quota.GetTotal("acct-1"));
        Assert.Equal(7, quota.GetAvailable("acct-1"));
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task RequireQuota_BalanceTooLow_WritesInsufficientBalanceAndSkipsHandler(ErrorDialect dialect)
    {
        // Arrange
        var ran = 0;
        await using var app = await StartAsync(dialect, quota => quota.SetBalance("acct-1", 2), onPaid: () => Interlocked.Increment(ref ran));

        // Act
        using var response = await PostAsync(app, "/paid", Key1);

        // Assert
        await s_insufficient.AssertAsync(response, dialect);
        Assert.Equal(0, ran);
        Assert.Equal(2, app.App.Services.GetRequiredService<InMemoryQuotaService>().GetAvailable("acct-1"));
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task RequireQuota_NoBalanceAndNoResourcePack_WritesUnaccessibleUser(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect, quota => quota.SetBalance("acct-1", 0, resourcePack: 0));
        var expected = new ExpectedError(
            402, 402000, "Quota freeze failed",
            403, "UnaccessibleUser",
            "Request was rejected due to reason: user is not allowed to access, reason: CustomerId:acct-1,Action:/paid,No balance and no resource pack, limit request");

        // Act
        using var response = await PostAsync(app, "/paid", Key1);

        // Assert
        await expected.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task RequireQuota_Anonymous_WritesUnaccessibleUserForAnonymous()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing, quota => quota.SetBalance("acct-1", 10));

        // Act
        using var response = await app.Client.PostAsync("/paid", null);

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 403, "UnaccessibleUser");
        Assert.Contains("CustomerId:anonymous,Action:/paid,", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireQuota_HandlerThrows_ReleasesFreeze()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var response = await PostAsync(app, "/paid-throws", Key1);

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal(10, quota.GetTotal("acct-1"));
        Assert.Equal(10, quota.GetAvailable("acct-1"));
        Assert.Single(app.Logs.For("QuotaFrozen"));
        Assert.EndsWith(" released.", Assert.Single(app.Logs.For("QuotaSettled")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireQuota_HandlerReturnsErrorResult_ReleasesFreeze()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var response = await PostAsync(app, "/paid-bad-request", Key1);

        // Assert
        await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal(10, quota.GetAvailable("acct-1"));
    }

    [Fact]
    public async Task RequireQuota_HandlerThrowsApiException_ReleasesFreezeAndWritesItsError()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var response = await PostAsync(app, "/paid-not-found", Key1);

        // Assert
        await ErrorAssert.BusinessAsync(response, 404, 404000);
        Assert.Equal(10, quota.GetAvailable("acct-1"));
    }

    [Fact]
    public async Task RequireQuota_ConcurrentRequestsBeyondBalance_NeverOverdraw()
    {
        // Arrange
        const int Requests = 24;
        const int Balance = 5;
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", Balance), handlerDelay: TimeSpan.FromMilliseconds(150));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => PostAsync(app, "/paid-one", Key1)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        var succeeded = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var rejected = 0;
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await ErrorAssert.BusinessAsync(response, 402, 402000);
            rejected++;
        }

        Assert.Equal(Balance, succeeded);
        Assert.Equal(Requests - Balance, rejected);
        Assert.Equal(0, quota.GetTotal("acct-1"));
        Assert.Equal(0, quota.GetAvailable("acct-1"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task RequireQuota_OnGroupAndEndpoint_FreezesOnceWithEndpointCost()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 100));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var groupCost = await PostAsync(app, "/group/default", Key1);
        var afterGroup = quota.GetTotal("acct-1");
        using var endpointCost = await PostAsync(app, "/group/own", Key1);

        // Assert
        Assert.Equal(HttpStatusCode.OK, groupCost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, endpointCost.StatusCode);
        Assert.Equal(90, afterGroup);
        Assert.Equal(60, quota.GetTotal("acct-1"));
    }

    [Fact]
    public async Task RequireQuotaAttribute_MvcActionOverridesController_CommitsActionCost()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 100).SetBalance("acct-2", 100));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var controllerCost = await PostAsync(app, "/access-quota/mvc/default", Key1);
        using var actionCost = await PostAsync(app, "/access-quota/mvc/expensive", Key2);

        // Assert
        Assert.Equal(HttpStatusCode.OK, controllerCost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, actionCost.StatusCode);
        Assert.Equal(96, quota.GetTotal("acct-1"));
        Assert.Equal(50, quota.GetTotal("acct-2"));
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task RequireQuotaAttribute_MvcBalanceTooLow_WritesInsufficientBalance(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect, quota => quota.SetBalance("acct-1", 10));

        // Act
        using var response = await PostAsync(app, "/access-quota/mvc/expensive", Key1);

        // Assert
        await s_insufficient.AssertAsync(response, dialect);
        Assert.Equal(10, app.App.Services.GetRequiredService<InMemoryQuotaService>().GetAvailable("acct-1"));
    }

    [Fact]
    public async Task RequireQuotaAttribute_MvcActionFails_ReleasesFreeze()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var thrown = await PostAsync(app, "/access-quota/mvc/throws", Key1);
        using var badRequest = await PostAsync(app, "/access-quota/mvc/bad", Key1);

        // Assert
        await ErrorAssert.BusinessAsync(thrown, 500, 530003);
        await ErrorAssert.BusinessAsync(badRequest, 400, 100002);
        Assert.Equal(10, quota.GetAvailable("acct-1"));
        Assert.Equal(10, quota.GetTotal("acct-1"));
    }

    [Theory]
    [InlineData("/paid-throws", 500, 530003, 3)]
    [InlineData("/paid-bad-request", 400, 100002, 3)]
    [InlineData("/paid-not-found", 404, 404000, 3)]
    [InlineData("/access-quota/mvc/throws", 500, 530003, 4)]
    [InlineData("/access-quota/mvc/bad", 400, 100002, 4)]
    public async Task RequireQuota_HandlerFails_FreezesThenReleasesOnce(string path, int status, int code, long cost)
    {
        // Arrange
        var service = new RecordingQuotaService();
        await using var app = await StartAsync(ErrorDialect.BusinessCode, _ => { }, services => services.AddSingleton<IQuotaService>(service));

        // Act
        using var response = await PostAsync(app, path, Key1);

        // Assert
        await ErrorAssert.BusinessAsync(response, status, code);
        Assert.Equal(2, service.Calls.Count);
        Assert.StartsWith($"freeze acct-1 {cost} ", service.Calls[0], StringComparison.Ordinal);
        Assert.Equal($"release acct-1 {cost}", service.Calls[1]);
    }

    [Theory]
    [InlineData("/paid-serialization-fails")]
    [InlineData("/access-quota/mvc/serialization-fails")]
    public async Task RequireQuota_ResultSerializationThrows_IsNotCharged(string path)
    {
        // Arrange: the handler succeeds; writing its result fails (a property getter throws).
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(app, path, Key1);
            await ErrorAssert.BusinessAsync(response, 500, 530003);
        }

        // Assert
        Assert.Equal(10, quota.GetTotal("acct-1"));
        Assert.Equal(10, quota.GetAvailable("acct-1"));
    }

    [Theory]
    [InlineData("/paid-recorded-result", 3)]
    [InlineData("/access-quota/mvc/recorded-result", 4)]
    public async Task RequireQuota_HandlerSucceeds_CommitsOnlyAfterTheResultExecuted(string path, long cost)
    {
        // Arrange
        var service = new RecordingQuotaService();
        await using var app = await StartAsync(ErrorDialect.BusinessCode, _ => { }, services => services.AddSingleton<IQuotaService>(service));

        // Act
        using var response = await PostAsync(app, path, Key1);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, service.Calls.Count);
        Assert.StartsWith($"freeze acct-1 {cost} ", service.Calls[0], StringComparison.Ordinal);
        Assert.Equal("result executed", service.Calls[1]);
        Assert.Equal($"commit acct-1 {cost}", service.Calls[2]);
    }

    [Theory]
    [InlineData("/paid-stream", 3, 7)]
    [InlineData("/paid-stream-fails", 500, 10)]
    public async Task RequireQuota_EventStream_ChargedOnlyWhenItRanToTheEnd(string path, int expectedEvents, long balanceAfter)
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 10));
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();

        // Act
        using var response = await PostAsync(app, path, Key1);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (expectedEvents == 500)
        {
            Assert.Contains("530003", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expectedEvents, body.Split("data: ").Length - 1);
        }

        Assert.Equal(balanceAfter, quota.GetTotal("acct-1"));
        Assert.Equal(balanceAfter, quota.GetAvailable("acct-1"));
    }

    [Theory]
    [InlineData("/paid")]
    [InlineData("/access-quota/mvc/expensive")]
    public async Task RequireQuota_Refused_IsAnsweredAsAResultNotAnException(string path)
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, quota => quota.SetBalance("acct-1", 1));

        // Act
        using var response = await PostAsync(app, path, Key1);

        // Assert
        await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Null(Assert.Single(app.Logs.For("ClientError")).Exception);
    }

    [Fact]
    public async Task QuotaService_RegisteredByApplication_ReplacesInMemoryDefault()
    {
        // Arrange
        var service = new RecordingQuotaService();
        await using var app = await StartAsync(ErrorDialect.BusinessCode, _ => { }, services => services.AddSingleton<IQuotaService>(service));

        // Act
        using var response = await PostAsync(app, "/paid", Key1);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["freeze acct-1 3 /paid", "commit acct-1 3"], service.Calls);
    }

    [Theory]
    [InlineData("/paid", 200, "committed")]
    [InlineData("/access-quota/mvc/default", 200, "committed")]
    [InlineData("/paid-bad-request", 400, "released")]
    [InlineData("/access-quota/mvc/bad", 400, "released")]
    public async Task RequireQuota_SettlementThrows_ResponseStandsAndFailureIsLogged(string path, int status, string outcome)
    {
        // Arrange: a ledger that freezes but cannot commit or release (its database went away after the freeze).
        await using var app = await StartAsync(ErrorDialect.BusinessCode, _ => { }, services => services.AddSingleton<IQuotaService>(new SettlementFailingQuotaService()));

        // Act
        using var response = await PostAsync(app, path, Key1);

        // Assert
        Assert.Equal(status, (int)response.StatusCode);
        var logged = Assert.Single(app.Logs.For("QuotaSettleFailed"));
        Assert.Contains(outcome, logged.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(logged.Exception);
    }

    private static Task<HttpResponseMessage> PostAsync(TestAppHandle app, string path, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return app.Client.SendAsync(request);
    }

    private static Task<TestAppHandle> StartAsync(
        ErrorDialect dialect,
        Action<InMemoryQuotaService> seed,
        Action<IServiceCollection>? configureServices = null,
        Action? onPaid = null,
        TimeSpan? handlerDelay = null) => TestApp.StartAsync(
        app =>
        {
            seed(app.Services.GetRequiredService<InMemoryQuotaService>());
            app.UseAuthentication();
            app.MapPost("/paid", () =>
            {
                onPaid?.Invoke();
                return "done";
            }).RequireQuota(3);
            app.MapPost("/paid-one", async () =>
            {
                await Task.Delay(handlerDelay ?? TimeSpan.Zero);
                return "done";
            }).RequireQuota(1);
            app.MapPost("/paid-throws", string () => throw new InvalidOperationException("handler bug")).RequireQuota(3);
            app.MapPost("/paid-bad-request", () => Results.BadRequest()).RequireQuota(3);
            app.MapPost("/paid-not-found", string () => throw new ResourceNotFoundException()).RequireQuota(3);
            app.MapPost("/paid-serialization-fails", () => Results.Json(new ExplodingPayload())).RequireQuota(3);
            app.MapPost("/paid-recorded-result", (IServiceProvider services) => new RecordedResult(services)).RequireQuota(3);
            app.MapPost("/paid-stream", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                for (var i = 0; i < 3; i++)
                {
                    await context.Response.WriteEventAsync("{\"n\":" + i + "}");
                }
            }).RequireQuota(3);
            app.MapPost("/paid-stream-fails", async (HttpContext context) =>
            {
                await context.Response.StartEventStreamAsync();
                await context.Response.WriteEventAsync("{\"n\":0}");
                throw new InvalidOperationException("upstream model crashed");
            }).RequireQuota(3);
            var group = app.MapGroup("/group").RequireQuota(10);
            group.MapPost("/default", () => "group cost");
            group.MapPost("/own", () => "own cost").RequireQuota(30);
            app.MapControllers();
        },
        o => o.Dialect = dialect,
        services =>
        {
            services.AddSingleton<IApiKeyStore>(new InMemoryApiKeyStore().Set(Key1, "acct-1").Set(Key2, "acct-2"));
            services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
            services.AddControllers().AddApplicationPart(typeof(QuotaTests).Assembly);
            configureServices?.Invoke(services);
        },
        configureBuilder: builder => builder.Logging.AddFilter(_ => true));

    /// <summary>Records its execution on the test's <see cref="RecordingQuotaService"/>, when one is registered.</summary>
    internal sealed class RecordedResult(IServiceProvider services) : IResult, IActionResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            (services.GetService<IQuotaService>() as RecordingQuotaService)?.Calls.Add("result executed");
            return httpContext.Response.WriteAsync("done");
        }

        public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
    }

    internal sealed class SettlementFailingQuotaService : IQuotaService
    {
        public ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(QuotaFreezeResult.Frozen(new QuotaReservation { Id = "r1", AccountId = context.AccountId!, Cost = context.Cost }));

        public ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken) => throw new TimeoutException("ledger gone");

        public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken) => throw new TimeoutException("ledger gone");
    }

    internal sealed class RecordingQuotaService : IQuotaService
    {
        public List<string> Calls { get; } = [];

        public ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken)
        {
            Calls.Add($"freeze {context.AccountId} {context.Cost} {context.Action}");
            return ValueTask.FromResult(QuotaFreezeResult.Frozen(new QuotaReservation { Id = "r1", AccountId = context.AccountId!, Cost = context.Cost }));
        }

        public ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken)
        {
            Calls.Add($"commit {reservation.AccountId} {reservation.Cost}");
            return ValueTask.CompletedTask;
        }

        public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken)
        {
            Calls.Add($"release {reservation.AccountId} {reservation.Cost}");
            return ValueTask.CompletedTask;
        }
    }
}

[ApiController]
[Route("access-quota/mvc")]
[RequireQuota(4)]
public sealed class AccessQuotaController : ControllerBase
{
    [HttpPost("default")]
    public string Default() => "controller cost";

    [HttpPost("expensive")]
    [RequireQuota(50)]
    public string Expensive() => "action cost";

    [HttpPost("throws")]
    public string Throws() => throw new InvalidOperationException("action bug");

    [HttpPost("bad")]
    public IActionResult Bad() => BadRequest();

    [HttpPost("serialization-fails")]
    public IActionResult SerializationFails() => Ok(new ExplodingPayload());

    [HttpPost("recorded-result")]
    public IActionResult RecordedResult() => new QuotaTests.RecordedResult(HttpContext.RequestServices);
}

/// <summary>A payload whose serialization fails: its property getter throws.</summary>
public sealed class ExplodingPayload
{
    public string Name => throw new InvalidOperationException("getter bug");
}
