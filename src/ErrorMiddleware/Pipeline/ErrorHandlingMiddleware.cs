using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// The middleware installed by <c>UseApiErrors()</c>: catches every exception below it and writes the error
/// through <see cref="ErrorResponseWriter"/>, and gives body-less 4xx/5xx responses the envelope for their status.
/// A request that succeeds synchronously passes through without allocating.
/// </summary>
internal sealed class ErrorHandlingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ErrorResponseWriter _writer;
    private readonly ExceptionClassifier _classifier;
    private readonly ILogger _logger;
    private readonly bool _handleBodyless;
    private readonly string? _requestIdHeader;

    public ErrorHandlingMiddleware(RequestDelegate next, ErrorResponseWriter writer, ExceptionClassifier classifier, ILogger<ErrorHandlingMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(logger);
        _next = next;
        _writer = writer;
        _classifier = classifier;
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
        // A reset connection is the client gone even when the read that saw it ran ahead of RequestAborted.
        if ((context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
            || exception is ConnectionResetException)
        {
            ErrorMiddlewareLog.ClientClosedRequest(_logger, exception);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }

            return;
        }

        var error = _classifier.Classify(exception, context);
        if (error is null)
        {
            ExceptionDispatchInfo.Throw(exception);
            return;
        }

        // A started response is never rewritten: the writer ends an event stream with one error event and aborts
        // anything else.
        await _writer.WriteAsync(context, error, clearResponse: true).ConfigureAwait(false);
    }
}
