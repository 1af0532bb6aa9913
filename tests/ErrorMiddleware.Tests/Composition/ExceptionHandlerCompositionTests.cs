using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>
/// Issue 8, item 3: the application's <c>IExceptionHandler</c>s and the framework's <c>UseExceptionHandler()</c>
/// compose with <c>UseApiErrors()</c> in either order — handlers run in registration order before classification, one
/// response in the endpoint's dialect, one log line per error, <c>IExceptionHandlerFeature</c> for handlers and outer
/// middleware.
/// </summary>
public sealed class ExceptionHandlerCompositionTests
{
    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task RegisteredHandler_InEveryOrder_OwnsTheResponseItAnswered(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a =>
            {
                a.MapGet("/teapot", string () => throw new TeapotException());
                a.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
            },
            servicesAfterApiErrors: s => s.AddExceptionHandler<TeapotHandler>());

        // Act
        using var teapot = await app.Client.GetAsync("/teapot");
        using var boom = await app.Client.GetAsync("/boom");

        // Assert: the handler's own 418 and body, not rewritten; anything else is still the library's.
        Assert.Equal(418, (int)teapot.StatusCode);
        Assert.Equal("{\"teapot\":true}", await teapot.Content.ReadAsStringAsync());
        Assert.Equal(500, (int)boom.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(await boom.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Exception is TeapotException && e.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task Handlers_InEveryOrder_RunOnceInRegistrationOrderWithTheExceptionFeature(ErrorPipeline pipeline)
    {
        // Arrange: one handler registered before AddApiErrors(), one after it.
        var calls = new HandlerCalls();
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a => a.MapGet("/tasks/{id}", string (string id) => throw new InvalidOperationException("boom " + id)),
            servicesBeforeApiErrors: s => s.AddSingleton(calls).AddExceptionHandler<FirstRecordingHandler>(),
            servicesAfterApiErrors: s => s.AddExceptionHandler<SecondRecordingHandler>());

        // Act
        using var response = await app.Client.GetAsync("/tasks/7");

        // Assert: both ran, in order, once each, seeing the exception, the path and the endpoint; then the library answered.
        Assert.Equal(["first", "second"], calls.Calls.Select(c => c.Handler));
        Assert.All(calls.Calls, c =>
        {
            Assert.Equal("boom 7", c.Error?.Message);
            Assert.Equal("/tasks/7", c.Path);
            Assert.Equal("/tasks/{id}", c.Route);
        });
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task ProblemDetailsEndpoints_InEveryOrder_AnswerThrownExceptionsInTheirDialect(ErrorPipeline pipeline)
    {
        // Arrange: a minimal endpoint and a controller that chose ProblemDetails, in a BusinessCode app.
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a =>
            {
                a.MapGet("/pd/boom", string () => throw new InvalidOperationException("boom")).WithErrorDialect(ErrorDialect.ProblemDetails);
                a.MapControllers();
            },
            servicesAfterApiErrors: s => s.AddControllers().AddApplicationPart(typeof(CompositionProblemDetailsController).Assembly));

        foreach (var path in new[] { "/pd/boom", "/composition/controller/boom" })
        {
            // Act
            using var response = await app.Client.GetAsync(path);

            // Assert
            Assert.Equal(500, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(530003, body.RootElement.GetProperty("code").GetInt32());
            Assert.Equal(path, body.RootElement.GetProperty("instance").GetString());
        }
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task ServerError_InEveryOrder_IsLoggedOnceByTheLibraryOnly(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(pipeline, a => a.MapGet("/boom", string () => throw new InvalidOperationException("logged once")));

        // Act
        using var response = await app.Client.GetAsync("/boom");

        // Assert: one Error line, the library's ServerError with the exception; nothing from the framework's handler.
        Assert.Equal(500, (int)response.StatusCode);
        var errors = app.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var line = Assert.Single(errors);
        Assert.Equal("ServerError", line.EventId.Name);
        Assert.Equal("logged once", line.Exception?.Message);
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task DomainNotFound_InEveryOrder_IsOneDebugLineNeverAnError(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(pipeline, a => a.MapGet("/tasks/{id}", string (string id) => throw new ResourceNotFoundException($"Task {id} was not found.")));

        // Act
        using var response = await app.Client.GetAsync("/tasks/9");

        // Assert
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("Task 9 was not found.", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("msg").GetString());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Warning);
        var line = Assert.Single(app.Logs.Entries, e => e.Exception is ResourceNotFoundException);
        Assert.Equal(("ClientError", LogLevel.Debug), (line.EventId.Name, line.Level));
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task ExceptionHandlerFeature_InEveryOrder_IsReadableByOuterMiddlewareAfterTheAnswer(ErrorPipeline pipeline)
    {
        // Arrange
        IExceptionHandlerPathFeature? seen = null;
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a => a.MapGet("/tasks/{id}", string (string id) => throw new InvalidOperationException("seen outside")),
            outer: async (context, next) =>
            {
                await next(context);
                seen = context.Features.Get<IExceptionHandlerPathFeature>();
            });

        // Act
        using var response = await app.Client.GetAsync("/tasks/3");

        // Assert
        Assert.Equal(500, (int)response.StatusCode);
        Assert.NotNull(seen);
        Assert.Equal("seen outside", seen.Error.Message);
        Assert.Equal("/tasks/3", seen.Path);
        Assert.Equal("/tasks/{id}", (seen.Endpoint as RouteEndpoint)?.RoutePattern.RawText);
        Assert.Equal("3", seen.RouteValues?["id"]);
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ApiErrorsOutside)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task HandlerLeavingABodylessStatus_InEveryOrder_GetsTheEnvelopeForThatStatus(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a => a.MapGet("/lookup", string () => throw new KeyNotFoundException("no key")),
            servicesAfterApiErrors: s => s.AddExceptionHandler<BodylessNotFoundHandler>());

        // Act
        using var response = await app.Client.GetAsync("/lookup");

        // Assert: the handler's status, the library's body for it (as any body-less 404 gets), and no Error line.
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(404000, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task HandlerLeavingABodylessStatus_WithBodylessHandlingOff_IsLeftAlone()
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(
            ErrorPipeline.ApiErrorsAlone,
            a => a.MapGet("/lookup", string () => throw new KeyNotFoundException("no key")),
            servicesAfterApiErrors: s => s.AddExceptionHandler<BodylessNotFoundHandler>(),
            options: o => o.HandleBodylessStatusCodes = false);

        // Act
        using var response = await app.Client.GetAsync("/lookup");

        // Assert
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(ErrorPipeline.ApiErrorsAlone)]
    [InlineData(ErrorPipeline.ExceptionHandlerOutside)]
    public async Task ThrowingHandler_IsLoggedAndTheOriginalExceptionIsAnswered(ErrorPipeline pipeline)
    {
        // Arrange
        await using var app = await CompositionApp.StartAsync(
            pipeline,
            a => a.MapGet("/boom", string () => throw new InvalidOperationException("the original")),
            servicesAfterApiErrors: s => s.AddExceptionHandler<ThrowingHandler>());

        // Act
        using var response = await app.Client.GetAsync("/boom");

        // Assert: the handler's failure once, the original once, one documented response.
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        var failed = Assert.Single(app.Logs.For("ExceptionHandlerFailed"));
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("handler bug", failed.Exception?.Message);
        Assert.Single(app.Logs.Entries, e => e.Level >= LogLevel.Error && e.Exception?.Message == "the original");
    }

    [Fact]
    public async Task ThrowingHandler_InsideTheFrameworksHandler_RunsOnceAndTheOriginalIsAnswered()
    {
        // Arrange: the framework's handler catches first; its handler throws, so it rethrows to UseApiErrors outside.
        var calls = new HandlerCalls();
        await using var app = await CompositionApp.StartAsync(
            ErrorPipeline.ApiErrorsOutside,
            a => a.MapGet("/pd/boom", string () => throw new InvalidOperationException("the original")).WithErrorDialect(ErrorDialect.ProblemDetails),
            servicesBeforeApiErrors: s => s.AddSingleton(calls).AddExceptionHandler<FirstRecordingHandler>().AddExceptionHandler<ThrowingHandler>());

        // Act
        using var response = await app.Client.GetAsync("/pd/boom");

        // Assert: no handler ran twice, and the answer is still in the endpoint's dialect.
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(calls.Calls);
    }

    [Fact]
    public async Task FrameworksHandlerWithoutUseApiErrors_AnswersInTheEndpointsDialect_LoggedOnce()
    {
        // Arrange: AddApiErrors() and UseExceptionHandler() only; a handler registered after AddApiErrors() still runs first.
        await using var app = await CompositionApp.StartAsync(
            ErrorPipeline.ExceptionHandlerAlone,
            a =>
            {
                a.MapGet("/wanqing/missing", string () => throw new ResourceNotFoundException("gone")).WithErrorDialect(ErrorDialect.Wanqing);
                a.MapGet("/teapot", string () => throw new TeapotException());
                a.MapGet("/boom", string () => throw new InvalidOperationException("logged once"));
            },
            servicesAfterApiErrors: s => s.AddExceptionHandler<TeapotHandler>());

        // Act
        using var missing = await app.Client.GetAsync("/wanqing/missing");
        using var teapot = await app.Client.GetAsync("/teapot");
        using var boom = await app.Client.GetAsync("/boom");

        // Assert
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal("gone", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(418, (int)teapot.StatusCode);
        Assert.Equal(500, (int)boom.StatusCode);
        var line = Assert.Single(app.Logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(("ServerError", "logged once"), (line.EventId.Name, line.Exception?.Message));
    }

    [Fact]
    public async Task RethrownException_ApiErrorsAlone_ReachesTheOuterMiddlewareUntouched()
    {
        // Arrange: a Rethrow rule; an outer middleware answers what passes through. No handler runs for it, the library
        // neither answers nor logs it.
        var calls = new HandlerCalls();
        await using var app = await StartRethrowingAsync(ErrorPipeline.ApiErrorsAlone, calls);

        // Act
        using var response = await app.Client.GetAsync("/passes");

        // Assert
        Assert.Equal(504, (int)response.StatusCode);
        Assert.Empty(calls.Calls);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Name is "ServerError" or "ClientError");
    }

    [Fact]
    public async Task RethrownException_UnderTheFrameworksHandler_HandlersRunOnceAndItIsLoggedOnce()
    {
        // Arrange: UseApiErrors() lets the exception out untouched; the framework's UseExceptionHandler() outside runs
        // the handlers (once each), logs it as unhandled, and renders its 500 through the problem-details service.
        var calls = new HandlerCalls();
        await using var app = await StartRethrowingAsync(ErrorPipeline.ExceptionHandlerOutside, calls);

        // Act
        using var response = await app.Client.GetAsync("/passes");

        // Assert
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(["first", "second"], calls.Calls.Select(c => c.Handler));
        Assert.Single(app.Logs.Entries, e => e.Level >= LogLevel.Error && e.Exception is TimeoutException);
        Assert.DoesNotContain(app.Logs.Entries, e => e.EventId.Name is "ServerError" or "ClientError");
    }

    private static Task<TestAppHandle> StartRethrowingAsync(ErrorPipeline pipeline, HandlerCalls calls) => CompositionApp.StartAsync(
        pipeline,
        a => a.MapGet("/passes", string () => throw new TimeoutException("not mine")),
        servicesBeforeApiErrors: s => s.AddSingleton(calls).AddExceptionHandler<FirstRecordingHandler>(),
        servicesAfterApiErrors: s => s.AddExceptionHandler<SecondRecordingHandler>(),
        outer: async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (TimeoutException)
            {
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            }
        },
        options: o => o.Rethrow<TimeoutException>());

    [Fact]
    public async Task AnswerInUseExceptionHandlerOff_PagesOutsideTheApiBranch_GetTheFrameworksErrorPage()
    {
        // Arrange: an error page for the pages, the documented errors for /api.
        var contentRoot = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-app-root")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = contentRoot });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddApiErrors(o => o.AnswerInUseExceptionHandler = false);
        await using var app = builder.Build();
        app.UseExceptionHandler("/error");
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseApiErrors());
        app.MapGet("/error", () => Results.Text("the error page", "text/html", statusCode: 500));
        app.MapGet("/page", string () => throw new InvalidOperationException("page bug"));
        app.MapGet("/api/tasks", string () => throw new InvalidOperationException("api bug"));
        await app.StartAsync();
        using var client = app.GetTestClient();

        // Act
        using var page = await client.GetAsync("/page");
        using var api = await client.GetAsync("/api/tasks");

        // Assert
        Assert.Equal(500, (int)page.StatusCode);
        Assert.Equal("the error page", await page.Content.ReadAsStringAsync());
        Assert.Equal(500, (int)api.StatusCode);
        Assert.Equal(530003, JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }
}
