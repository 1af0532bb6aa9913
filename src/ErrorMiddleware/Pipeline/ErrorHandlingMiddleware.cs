using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// The middleware installed by <c>UseApiErrors()</c>: catches every exception below it and answers it through
/// <see cref="ApiErrorsExceptionHandler"/> (the application's <c>IExceptionHandler</c>s first, then the library's
/// error), and gives body-less 4xx/5xx responses the envelope for their status. Like the framework's exception
/// handler it sets <see cref="IExceptionHandlerFeature"/> / <see cref="IExceptionHandlerPathFeature"/> for the
/// handlers and for outer middleware, and counts the exception in <c>aspnetcore.diagnostics.exceptions</c>.
/// A request that succeeds synchronously passes through without allocating.
/// </summary>
internal sealed class ErrorHandlingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ErrorResponseWriter _writer;
    private readonly ApiErrorsExceptionHandler _handler;
    private readonly IExceptionHandler[] _handlers;
    private readonly ExceptionHandlingMetrics? _exceptions;
    private readonly ILogger _logger;
    private readonly bool _handleBodyless;
    private readonly string? _requestIdHeader;

    public ErrorHandlingMiddleware(
        RequestDelegate next, ErrorResponseWriter writer, ApiErrorsExceptionHandler handler, ExceptionHandlingMetrics? exceptions, ILogger<ErrorHandlingMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        _next = next;
        _writer = writer;
        _handler = handler;

        // Resolved now, as the framework's middleware resolves them when the pipeline is built: a handler that cannot
        // be resolved stops the app at startup rather than failing the first error.
        _handlers = handler.Chain.All;
        _exceptions = exceptions;
        _logger = logger;
        _handleBodyless = writer.Options.HandleBodylessStatusCodes;
        _requestIdHeader = writer.Options.RequestIdOnEveryResponse ? writer.Options.RequestIdHeaderName : null;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (_requestIdHeader is not null)
        {
            context.Response.Headers[_requestIdHeader] = context.TraceIdentifier;
        }

        Task task;
        try
        {
            task = _next(context);
        }
        catch (Exception exception)
        {
            return HandleExceptionAsync(context, exception);
        }

        if (task.IsCompletedSuccessfully)
        {
            return NeedsBody(context) ? WriteStatusAsync(context) : Task.CompletedTask;
        }

        return AwaitedAsync(context, task);
    }

    private async Task AwaitedAsync(HttpContext context, Task task)
    {
        Exception? failure = null;
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (failure is not null)
        {
            await HandleExceptionAsync(context, failure).ConfigureAwait(false);
        }
        else if (NeedsBody(context))
        {
            await WriteStatusAsync(context).ConfigureAwait(false);
        }
    }

    private bool NeedsBody(HttpContext context)
    {
        var response = context.Response;
        if (!_handleBodyless
            || response.StatusCode is < 400 or >= 600
            || response.HasStarted
            || response.ContentLength is not (null or 0)
            || !string.IsNullOrEmpty(response.ContentType))
        {
            return false;
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (minimal-API binding answers a body cut short with a bare 400): nobody reads an
            // error, so none is written or counted; the request is recorded as 499.
            response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            ErrorMiddlewareLog.ClientClosedRequest(_logger, null);
            return false;
        }

        return true;
    }

    private Task WriteStatusAsync(HttpContext context) =>
        _writer.WriteAsync(context, ApiError.FromStatus(context.Response.StatusCode));

    // The exception is captured for a rethrow only when it is rethrown: capturing copies its stack trace, and the
    // stack trace it carries is the same when captured here as in the catch block.
    private async Task HandleExceptionAsync(HttpContext context, Exception exception)
    {
        if (ApiErrorsExceptionHandler.IsClientGone(context, exception))
        {
            ErrorMiddlewareLog.ClientClosedRequest(_logger, exception);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }

            _exceptions?.Caught(exception, ExceptionHandlingMetrics.Aborted, handler: null);
            return;
        }

        // The framework's exception handler below this middleware already ran the handlers and let the exception
        // through (a handler threw): they are not run twice.
        var started = context.Response.HasStarted;
        var handlers = _handlers;
        if (context.Features.Get<IExceptionHandlerFeature>() is { } tried && tried.Error == exception)
        {
            handlers = [];
            if (context.GetEndpoint() is null)
            {
                // It also cleared the endpoint: the error is answered in the dialect of the endpoint that threw.
                context.SetEndpoint(tried.Endpoint);
            }
        }
        else if (!started)
        {
            var feature = new ExceptionHandlerFeature
            {
                Error = exception,
                Path = context.Request.Path.Value ?? string.Empty,
                Endpoint = context.GetEndpoint(),
                RouteValues = context.Features.Get<IRouteValuesFeature>()?.RouteValues,
            };
            context.Features.Set<IExceptionHandlerFeature>(feature);
            context.Features.Set<IExceptionHandlerPathFeature>(feature);
        }

        // A started response is never rewritten: no handler runs, and the writer ends an event stream with one error
        // event and aborts anything else.
        var answeredBy = await _handler.AnswerAsync(context, exception, handlers).ConfigureAwait(false);
        if (answeredBy is null)
        {
            _exceptions?.Caught(exception, ExceptionHandlingMetrics.Unhandled, handler: null);
            ExceptionDispatchInfo.Throw(exception);
            return;
        }

        _exceptions?.Caught(exception, started ? ExceptionHandlingMetrics.Skipped : ExceptionHandlingMetrics.Handled, started ? null : answeredBy);
        if (!ReferenceEquals(answeredBy, ApiErrorsExceptionHandler.TypeName) && NeedsBody(context))
        {
            // An application's handler chose the status and wrote no body: it gets the envelope for its status, as
            // any body-less error response does.
            await WriteStatusAsync(context).ConfigureAwait(false);
        }
    }
}
