using System.Diagnostics.Metrics;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Pipeline;

public class ResponseHygieneTests
{
    [Fact]
    public async Task CorsAndAuthenticateHeaders_AreKept_OtherHeadersAreCleared()
    {
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.UseCors();
                a.MapGet("/auth", (HttpContext context) =>
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
                    context.Response.Headers["X-Leaky"] = "secret";
                    context.Response.Headers.ETag = "\"v1\"";
                    throw new ApiException(ErrorKind.AuthenticationMissing);
                });
            },
            configureServices: s => s.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin())));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth") { Headers = { { "Origin", "https://app.example" } } };

        using var response = await app.Client.SendAsync(request);

        await ErrorAssert.BusinessAsync(response, 401, 401001);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Bearer realm=\"api\"", response.Headers.WwwAuthenticate.ToString());
        Assert.False(response.Headers.Contains("X-Leaky"));
        Assert.Null(response.Headers.ETag);
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
    }

    [Fact]
    public async Task Messages_AreJsonEscaped_OnTheWire()
    {
        await using var app = await TestApp.StartAsync(a =>
            a.MapGet("/xss", () => { throw new ResourceNotFoundException("No task </script><script>alert(\"x\")</script>"); }));

        using var response = await app.Client.GetAsync("/xss");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", raw);
        Assert.Contains("\\u003C/script\\u003E", raw);
        var body = await ErrorAssert.BusinessAsync(response, 404, 404000);
        Assert.Equal("No task </script><script>alert(\"x\")</script>", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task StartedResponse_IsNeverRewritten_TheConnectionIsAborted()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/started", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("{\"partial\":");
            await context.Response.Body.FlushAsync();
            throw new InvalidOperationException("after start");
        }));

        var exception = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.Client.GetAsync("/started");
            await response.Content.ReadAsStringAsync();
        });

        Assert.NotNull(exception);
        var logged = Assert.Single(app.Logs.For("ResponseStarted"));
        Assert.Equal(LogLevel.Error, logged.Level); // a server fault, though the client only sees a broken response
        Assert.Empty(app.Logs.For("ServerError")); // logged once
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task FailingOnErrorCallback_WritesTheFixedFallbackBody()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o => o.OnError = (_, _) => throw new InvalidOperationException("callback bug"));

        using var response = await app.Client.GetAsync("/quota");

        var body = await ErrorAssert.ErrorAsync(response, 500);
        Assert.Equal(530003, body.GetProperty("code").GetInt32());
        Assert.Equal("{\"code\":530003,\"msg\":\"Internal server error\",\"data\":null}", await response.Content.ReadAsStringAsync());
        Assert.Single(app.Logs.For("WriteFailed"));
    }

    [Fact]
    public async Task FallbackBody_KeepsCorsAndAuthenticateHeaders()
    {
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.Use((context, next) =>
                {
                    context.Response.Headers.AccessControlAllowOrigin = "https://app.example";
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    context.Response.Headers["X-Leaky"] = "secret";
                    return next(context);
                });
                a.MapGet("/boom", string () => throw new InvalidOperationException("secret"));
            },
            o => o.OnError = (_, _) => throw new InvalidOperationException("callback bug"));

        using var response = await app.Client.GetAsync("/boom");

        await ErrorAssert.ErrorAsync(response, 500);
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.False(response.Headers.Contains("X-Leaky"));
    }

    [Theory]
    [InlineData(ErrorDialect.ProblemDetails, "status")]
    [InlineData(ErrorDialect.ProblemDetails, "code")]
    [InlineData(ErrorDialect.BusinessCode, "errors")]
    public async Task Details_NamedLikeAMemberTheDialectWrites_AreNotWrittenTwice(ErrorDialect dialect, string name)
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/x", string () => throw new ValidationFailedException("n", "'n' is too big.")
            {
                Details = new Dictionary<string, object?> { [name] = "spoofed", ["kept"] = 1 },
            }),
            o => o.Dialect = dialect);

        using var response = await app.Client.GetAsync("/x");

        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("spoofed", raw);
        using var document = System.Text.Json.JsonDocument.Parse(raw);
        var holder = dialect == ErrorDialect.BusinessCode ? document.RootElement.GetProperty("data") : document.RootElement;
        Assert.Equal(1, holder.EnumerateObject().Count(p => p.Name == name));
        Assert.Equal(1, holder.GetProperty("kept").GetInt32());
    }

    [Fact]
    public async Task OnErrorCallback_CanReplaceTheMessage()
    {
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o => o.OnError = (context, _) =>
            {
                context.Error = context.Error with { Message = $"{context.Error.Code.Code}: top up at /billing" };
                return ValueTask.CompletedTask;
            });

        using var response = await app.Client.GetAsync("/quota");

        var body = await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal("402000: top up at /billing", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Logs_ClientErrorsAtDebug_ServerErrorsAtErrorWithTheException()
    {
        await using var app = await TestApp.StartAsync(ExceptionMappingTests.MapThrowers);

        using var client = await app.Client.GetAsync("/quota");
        using var server = await app.Client.GetAsync("/db");

        var all = string.Join("\n", app.Logs.Entries.Select(e => $"{e.Category} {e.EventId} {e.Message}"));
        Assert.True(app.Logs.For("ClientError").Count == 1, all);
        var clientLog = app.Logs.For("ClientError")[0];
        Assert.Equal(LogLevel.Debug, clientLog.Level);
        Assert.Equal(1, clientLog.EventId.Id);
        Assert.Contains("402000", clientLog.Message);
        var serverLog = Assert.Single(app.Logs.For("ServerError"));
        Assert.Equal(LogLevel.Error, serverLog.Level);
        Assert.Equal(2, serverLog.EventId.Id);
        Assert.NotNull(serverLog.Exception);
    }

    [Fact]
    public async Task Metrics_CountEveryErrorWithStatusCodeAndDialect()
    {
        var measurements = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ErrorMiddleware" && instrument.Name == "errormiddleware.errors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        listener.Start();
        await using var app = await TestApp.StartAsync(DialectedQuota);

        using var first = await app.Client.GetAsync("/quota");
        using var second = await app.Client.GetAsync("/v1/quota");

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Value == 1 && Equals(m.Tags["error.type"], "402000") && Equals(m.Tags["http.response.status_code"], 402) && Equals(m.Tags["errormiddleware.dialect"], "BusinessCode"));
            Assert.Contains(measurements, m => m.Value == 1 && Equals(m.Tags["error.type"], "Forbidden.InsufficientBalance") && Equals(m.Tags["http.response.status_code"], 403) && Equals(m.Tags["errormiddleware.dialect"], "Wanqing"));
        }
    }

    [Fact]
    public async Task ClientAbort_WritesNothing_AndIsLoggedAs499()
    {
        // Arrange: a unit test on DefaultHttpContext, since an aborted request cannot be read back.
        var logs = new InMemoryLoggerProvider();
        using var loggerFactory = new LoggerFactory([logs]);
        var (writer, handler) = CreateServices(loggerFactory);
        var middleware = new ErrorHandlingMiddleware(
            async context =>
            {
                await Task.Yield();
                throw new OperationCanceledException(context.RequestAborted);
            },
            writer,
            handler,
            null,
            loggerFactory.CreateLogger<ErrorHandlingMiddleware>());
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = new MemoryStream();

        // Act
        await middleware.InvokeAsync(context);

        // Assert
        Assert.Equal(499, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
        Assert.Equal(LogLevel.Debug, Assert.Single(logs.For("ClientClosedRequest")).Level);
        Assert.Empty(logs.For("ServerError"));
    }

    [Fact]
    public async Task SynchronousSuccess_CompletesSynchronously_WithoutTouchingTheResponse()
    {
        using var loggerFactory = new LoggerFactory();
        var (writer, handler) = CreateServices(loggerFactory);
        var middleware = new ErrorHandlingMiddleware(_ => Task.CompletedTask, writer, handler, null, NullLogger<ErrorHandlingMiddleware>.Instance);
        var context = new DefaultHttpContext();

        var task = middleware.InvokeAsync(context);

        Assert.Same(Task.CompletedTask, task);
        Assert.Empty(context.Response.Headers);
    }

    [Fact]
    public async Task RequestIdOnEveryResponse_AddsTheHeaderToSuccesses_WhenEnabled()
    {
        await using var off = await TestApp.StartAsync(a => a.MapGet("/ok", () => "ok"));
        await using var on = await TestApp.StartAsync(a => a.MapGet("/ok", () => "ok"), o => o.RequestIdOnEveryResponse = true);

        using var plain = await off.Client.GetAsync("/ok");
        using var tagged = await on.Client.GetAsync("/ok");

        Assert.False(plain.Headers.Contains("X-Request-Id"));
        Assert.False(string.IsNullOrEmpty(tagged.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public void UseApiErrors_WithoutAddApiErrors_ThrowsAClearError()
    {
        var builder = WebApplication.CreateBuilder();
        var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.UseApiErrors());

        Assert.Contains("AddApiErrors", exception.Message);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new ApiErrorsOptions();

        Assert.Equal(ErrorDialect.BusinessCode, options.Dialect);
        Assert.Equal(ExceptionDetailsPolicy.Development, options.ExceptionDetails);
        Assert.Null(options.IncludeExceptionDetails);
        Assert.False(options.HonorProblemDetailsAccept);
        Assert.True(options.HandleBodylessStatusCodes);
        Assert.Equal("X-Request-Id", options.RequestIdHeaderName);
        Assert.False(options.RequestIdOnEveryResponse);
        Assert.Equal(["Retry-After", "Strict-Transport-Security", "Vary", "WWW-Authenticate"], options.AllowedHeaderNames.Order(StringComparer.Ordinal));
        Assert.Empty(options.BusinessCodeOverrides);
        Assert.Empty(options.WanqingOverrides);
        Assert.Null(options.OnError);
    }

    [Fact]
    public void Options_MapToStatusCode_RejectsNonErrorStatus()
    {
        var options = new ApiErrorsOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.MapToStatusCode<TimeoutException>(302));
    }

    private static void DialectedQuota(WebApplication app)
    {
        app.MapGet("/quota", () => { throw new QuotaExceededException(); });
        app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/quota", () => { throw new QuotaExceededException(); });
    }

    private static (ErrorResponseWriter Writer, ApiErrorsExceptionHandler Handler) CreateServices(ILoggerFactory loggerFactory)
    {
        var services = new ServiceCollection().AddSingleton(loggerFactory).AddLogging().AddApiErrors().BuildServiceProvider();
        return (services.GetRequiredService<ErrorResponseWriter>(), services.GetRequiredService<ApiErrorsExceptionHandler>());
    }
}

public class AddApiErrorsTests
{
    [Fact]
    public void AddApiErrors_OnABareServiceCollection_WorksWithoutConfiguration()
    {
        var services = new ServiceCollection().AddLogging().AddApiErrors(o => o.Dialect = ErrorDialect.Wanqing);

        using var provider = services.BuildServiceProvider();

        Assert.Equal(ErrorDialect.Wanqing, provider.GetRequiredService<IOptions<ApiErrorsOptions>>().Value.Dialect);
        Assert.NotNull(provider.GetRequiredService<ErrorResponseWriter>());
    }

    [Fact]
    public void AddApiErrors_CalledTwice_RegistersTheServicesOnce_AndRunsBothCallbacks()
    {
        var services = new ServiceCollection().AddLogging()
            .AddApiErrors(o => o.Dialect = ErrorDialect.Wanqing)
            .AddApiErrors(o => o.HonorProblemDetailsAccept = true);

        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ErrorResponseWriter));
        var options = provider.GetRequiredService<IOptions<ApiErrorsOptions>>().Value;
        Assert.Equal(ErrorDialect.Wanqing, options.Dialect);
        Assert.True(options.HonorProblemDetailsAccept);
    }
}
