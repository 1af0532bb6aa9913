using System.Data.Common;
using System.Net;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Pipeline;

public class ExceptionMappingTests
{
    public static TheoryData<string, int, int> FrameworkExceptions() => new()
    {
        { "bad-request", 400, 100001 },
        { "too-large", 413, 413000 },
        { "timeout", 408, 408000 },
        { "json", 500, 530003 },
        { "db", 500, 500002 },
        { "upstream", 500, 500003 },
        { "other", 500, 530003 },
        { "quota", 402, 402000 },
        { "sync-throw", 500, 530003 },
    };

    [Theory]
    [MemberData(nameof(FrameworkExceptions))]
    public async Task FrameworkException_IsMappedToItsDocumentedCode(string route, int status, int code)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(MapThrowers);

        // Act
        using var response = await app.Client.GetAsync("/" + route);

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, status, code);
        Assert.DoesNotContain("secret", body.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task JsonException_FromParsingTheClientsBody_Is100001()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/parse", async (HttpRequest request) => (await request.ReadFromJsonAsync<Payload>())!.Name));

        using var response = await app.Client.PostAsync("/parse", new StringContent("{\"name\": nope}", System.Text.Encoding.UTF8, "application/json"));

        await ErrorAssert.BusinessAsync(response, 400, 100001);
    }

    [Fact]
    public async Task JsonException_WithoutARequestBody_IsAServerFault()
    {
        // A JsonException from parsing an upstream reply is not the client's mistake, and must be logged as an error.
        await using var app = await TestApp.StartAsync(a => a.MapGet("/upstream", () => JsonSerializer.Deserialize<Payload>("{not json")!.Name));

        using var response = await app.Client.GetAsync("/upstream");

        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Single(app.Logs.For("ServerError"));
    }

    [Fact]
    public async Task JsonException_FromAStoredValueAfterReadingAValidBody_IsAServerFault()
    {
        // Arrange: the client's body parses; the handler then fails to parse a corrupt value of its own.
        await using var app = await TestApp.StartAsync(a => a.MapPost("/stored", async (HttpRequest request) =>
        {
            var payload = (await request.ReadFromJsonAsync<Payload>())!;
            return payload.Name + JsonSerializer.Deserialize<Payload>("{\"name\": corrupt")!.Name;
        }));

        // Act
        using var response = await app.Client.PostAsync("/stored", new StringContent("{\"name\": \"ok\"}", System.Text.Encoding.UTF8, "application/json"));

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.IsType<JsonException>(Assert.Single(app.Logs.For("ServerError")).Exception);
    }

    [Fact]
    public void RequestJsonExceptionMapper_AspNetCore10_ReadFromJsonAsyncIsOnTheExceptionsStackTrace()
    {
        // Arrange: the framework behaviour the 100001 rule relies on: the JsonException of a body that does not parse
        // passes through HttpRequestJsonExtensions (ReadFromJsonAsync's state machine), one from a string does not.
        Assert.Equal(10, typeof(HttpRequestJsonExtensions).Assembly.GetName().Version!.Major);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream("{\"name\": nope}"u8.ToArray());

        // Act
        var fromBody = Assert.ThrowsAny<JsonException>(() => context.Request.ReadFromJsonAsync<Payload>().AsTask().GetAwaiter().GetResult());
        var fromString = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Payload>("{\"name\": nope}"));

        // Assert
        Assert.True(RequestJsonExceptionMapper.ThrownByReadFromJson(fromBody));
        Assert.False(RequestJsonExceptionMapper.ThrownByReadFromJson(fromString));
    }

    [Fact]
    public async Task Map_MappingThrows_TheOriginalIsClassifiedByTheRestOfTheChainAndLogged()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/other", string () => throw new InvalidOperationException("the original"));
                a.MapGet("/db", string () => throw new FakeDbException("the original"));
            },
            o => o
                .Map<InvalidOperationException>(_ => throw new FormatException("mapper bug"))
                .Map<DbException>(_ => throw new FormatException("mapper bug")),
            kestrel: true);

        // Act
        using var other = await app.Client.GetAsync("/other");
        using var db = await app.Client.GetAsync("/db");

        // Assert
        await ErrorAssert.BusinessAsync(other, 500, 530003);
        await ErrorAssert.BusinessAsync(db, 500, 500002);
        Assert.Equal("no-store", other.Headers.CacheControl?.ToString());
        Assert.True(other.Headers.Contains("X-Request-Id"));
        var mapperFailures = app.Logs.For("ExceptionMappingFailed");
        Assert.Equal(2, mapperFailures.Count);
        Assert.All(mapperFailures, e => Assert.IsType<FormatException>(e.Exception));
        var serverErrors = app.Logs.For("ServerError");
        Assert.Equal(2, serverErrors.Count);
        Assert.All(serverErrors, e => Assert.Equal("the original", e.Exception!.Message));
    }

    [Fact]
    public void AddApiErrors_EveryIntegration_ContributesItsMapperToTheChain()
    {
        // Arrange
        using var services = new ServiceCollection().AddLogging().AddApiErrors().AddApiErrors().BuildServiceProvider();

        // Act
        var mappers = services.GetServices<IExceptionMapper>()
            .Select(m => m.GetType().IsGenericType ? $"{m.GetType().Name[..m.GetType().Name.IndexOf('`')]}<{m.GetType().GenericTypeArguments[0].Name}>" : m.GetType().Name)
            .Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(
            ["ApiExceptionMapper", "ExceptionTypeMapper<DbException>", "ExceptionTypeMapper<HttpRequestException>", "FluentValidationExceptionMapper",
             "FormLimitExceptionMapper", "MinimalApiBindingExceptionMapper", "RequestJsonExceptionMapper", "RequestJsonMediaTypeExceptionMapper", "ServerLimitExceptionMapper"],
            mappers);
    }

    [Fact]
    public async Task UnhandledException_InProduction_HidesTheExceptionMessage()
    {
        await using var app = await TestApp.StartAsync(MapThrowers);

        using var response = await app.Client.GetAsync("/other");

        var body = await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal("Internal server error", body.GetProperty("msg").GetString());
        Assert.False(body.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task UnhandledException_InDevelopment_ShowsExceptionDetails()
    {
        await using var app = await TestApp.StartAsync(MapThrowers, environment: "Development");

        using var response = await app.Client.GetAsync("/other");

        var body = await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal("Internal server error", body.GetProperty("msg").GetString());
        var exception = body.GetProperty("exception");
        Assert.Equal("System.InvalidOperationException", exception.GetProperty("type").GetString());
        Assert.Equal("secret connection string", exception.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DomainException_InDevelopment_HasNoExceptionDetails_UnlessItWrapsACause()
    {
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/quota", () => { throw new QuotaExceededException(); });
                a.MapGet("/wrapped", () => { throw new ApiException(ErrorKind.DatabaseError, innerException: new InvalidOperationException("disk full")); });
            },
            environment: "Development");

        using var deliberate = await app.Client.GetAsync("/quota");
        using var wrapped = await app.Client.GetAsync("/wrapped");

        Assert.False((await ErrorAssert.BusinessAsync(deliberate, 402, 402000)).TryGetProperty("exception", out _));
        var details = (await ErrorAssert.BusinessAsync(wrapped, 500, 500002)).GetProperty("exception");
        Assert.Equal("disk full", details.GetProperty("inner").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(ExceptionDetailsPolicy.Always, "Production", true)]
    [InlineData(ExceptionDetailsPolicy.Never, "Development", false)]
    public async Task ExceptionDetailsPolicy_OverridesTheEnvironment(ExceptionDetailsPolicy policy, string environment, bool shown)
    {
        await using var app = await TestApp.StartAsync(MapThrowers, o => o.ExceptionDetails = policy, environment: environment);

        using var response = await app.Client.GetAsync("/other");

        var body = await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal(shown, body.TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task IncludeExceptionDetailsPredicate_WinsOverThePolicy()
    {
        await using var app = await TestApp.StartAsync(MapThrowers, o =>
        {
            o.ExceptionDetails = ExceptionDetailsPolicy.Always;
            o.IncludeExceptionDetails = (context, _) => context.Request.Headers.ContainsKey("X-Debug");
        });

        using var hidden = await app.Client.GetAsync("/other");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/other") { Headers = { { "X-Debug", "1" } } };
        using var shown = await app.Client.SendAsync(request);

        Assert.False((await ErrorAssert.BusinessAsync(hidden, 500, 530003)).TryGetProperty("exception", out _));
        Assert.True((await ErrorAssert.BusinessAsync(shown, 500, 530003)).TryGetProperty("exception", out _));
    }

    [Fact]
    public async Task Map_ApplicationMappings_AreTriedInOrder_FirstMatchWins()
    {
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/key", () => { throw new KeyNotFoundException("task 7"); });
                a.MapGet("/argument", () => { throw new ArgumentException("bad"); });
                a.MapGet("/argument-null", () => { throw new ArgumentNullException("prompt"); });
                a.MapGet("/timeout", () => { throw new TimeoutException(); });
                a.MapGet("/not-mine", () => { throw new FormatException(); });
            },
            o => o
                .Map<KeyNotFoundException>(ex => new ResourceNotFoundException("The task was not found."))
                .Map<ArgumentNullException>(ErrorCodes.Business.InvalidRequestParameters)
                .Map<ArgumentException>(ErrorKind.ValidationFailed)
                .MapToStatusCode<TimeoutException>(504)
                .Map<FormatException>(_ => null));

        using var key = await app.Client.GetAsync("/key");
        using var argument = await app.Client.GetAsync("/argument");
        using var argumentNull = await app.Client.GetAsync("/argument-null");
        using var timeout = await app.Client.GetAsync("/timeout");
        using var notMine = await app.Client.GetAsync("/not-mine");

        Assert.Equal("The task was not found.", (await ErrorAssert.BusinessAsync(key, 404, 404000)).GetProperty("msg").GetString());
        await ErrorAssert.BusinessAsync(argument, 400, 100002);
        await ErrorAssert.BusinessAsync(argumentNull, 400, 400005);
        await ErrorAssert.BusinessAsync(timeout, 504, 504000);
        await ErrorAssert.BusinessAsync(notMine, 500, 530003);
    }

    [Fact]
    public async Task Rethrow_LetsTheExceptionPassThrough()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/rethrow", () => { throw new NotSupportedException("outer handler"); }),
            o => o.Rethrow<NotSupportedException>());

        var exception = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.Client.GetAsync("/rethrow");
            Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        });

        // TestServer surfaces an exception that escaped the pipeline to the caller.
        Assert.IsType<NotSupportedException>(exception);
    }

    [Fact]
    public async Task DeveloperExceptionPage_ProblemOutput_ComesOutInTheActiveDialect()
    {
        // In Development, WebApplication puts the developer exception page outside UseApiErrors; an exception the
        // application lets through (Rethrow) reaches it, and its problem output goes through IProblemDetailsService.
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/rethrow", string () => throw new NotSupportedException("secret outer detail")),
            o => o.Rethrow<NotSupportedException>(),
            environment: "Development");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rethrow");
        request.Headers.Accept.ParseAdd("application/json");

        using var response = await app.Client.SendAsync(request);

        var body = await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal("Internal server error", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Kestrel_QuotaExceeded_Is402WithTheBusinessCode()
    {
        await using var app = await TestApp.StartAsync(MapThrowers, kestrel: true);

        using var response = await app.Client.GetAsync("/quota");

        var body = await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal("Quota freeze failed", body.GetProperty("msg").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
        Assert.Equal(response.Content.Headers.ContentLength, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task HeadRequest_GetsStatusAndHeadersWithoutBody()
    {
        await using var app = await TestApp.StartAsync(a => a.MapMethods("/quota", ["HEAD"], () => { throw new QuotaExceededException(); }), kestrel: true);

        using var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/quota"));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    internal static void MapThrowers(WebApplication app)
    {
        app.MapGet("/bad-request", () => { throw new BadHttpRequestException("secret parser detail", 400); });
        app.MapGet("/too-large", () => { throw new BadHttpRequestException("secret limit detail", 413); });
        app.MapGet("/timeout", () => { throw new BadHttpRequestException("secret timeout detail", 408); });
        app.MapGet("/json", () => { throw new JsonException("secret json detail"); });
        app.MapGet("/db", () => { throw new FakeDbException("secret table name"); });
        app.MapGet("/upstream", () => { throw new HttpRequestException("secret upstream host"); });
        app.MapGet("/other", () => { throw new InvalidOperationException("secret connection string"); });
        app.MapGet("/quota", () => { throw new QuotaExceededException(); });
        app.Use((context, next) => context.Request.Path == "/sync-throw" ? throw new InvalidOperationException("secret sync") : next(context));
    }

    private sealed class FakeDbException(string message) : DbException(message);

    internal sealed record Payload(string Name);
}
