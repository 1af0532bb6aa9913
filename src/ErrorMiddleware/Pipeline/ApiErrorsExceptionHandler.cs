using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// Answers an exception the way every entry point does: the application's <see cref="IExceptionHandler"/>s first,
/// in registration order (one that returns <see langword="true"/> owns the response, which is never rewritten), then
/// the library's classification and writer, in the dialect of the endpoint that threw.
/// </summary>
/// <remarks>
/// <c>UseApiErrors()</c> calls <see cref="AnswerAsync"/> with every application handler. <c>AddApiErrors()</c> also
/// registers this class as an <see cref="IExceptionHandler"/>, so that the framework's <c>UseExceptionHandler()</c>,
/// when it catches the exception first, hands it here: the handlers registered before this one have run by then, the
/// ones registered after it are run here first, so the framework's order holds and this one answers last. The
/// framework clears the endpoint (and may point the path at its <c>ExceptionHandlingPath</c>) before calling
/// handlers; the error is answered for the endpoint and path that failed, read back from
/// <see cref="IExceptionHandlerPathFeature"/>. Answering here makes the framework suppress its own log line and
/// diagnostics (.NET 10's default for a handled exception), so each error is logged and reported once, by the library.
/// </remarks>
internal sealed class ApiErrorsExceptionHandler : IExceptionHandler
{
    /// <summary>The handler type the framework's <c>aspnetcore.diagnostics.handler.type</c> names for the library.</summary>
    public static readonly string TypeName = typeof(ApiErrorsExceptionHandler).FullName!;

    private readonly ErrorResponseWriter _writer;
    private readonly ExceptionClassifier _classifier;
    private readonly ILogger _logger;
    private readonly Lazy<ExceptionHandlerChain> _chain;

    public ApiErrorsExceptionHandler(ErrorResponseWriter writer, ExceptionClassifier classifier, ILogger<ApiErrorsExceptionHandler> logger, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(logger);
        _writer = writer;
        _classifier = classifier;
        _logger = logger;
        _chain = new Lazy<ExceptionHandlerChain>(() => ExceptionHandlerChain.From(services));
    }

    /// <summary>The application's handlers.</summary>
    public ExceptionHandlerChain Chain => _chain.Value;

    /// <summary>Called by the framework's exception handler middleware.</summary>
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        if (!_writer.Options.AnswerInUseExceptionHandler || IsRethrown(context, exception))
        {
            // Turned off (the app's error page answers outside UseApiErrors()), or UseApiErrors() below was told to let
            // this exception through untouched: the framework's own handling decides.
            return false;
        }

        if (IsClientGone(context, exception))
        {
            ErrorMiddlewareLog.ClientClosedRequest(_logger, exception);
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var endpoint = context.GetEndpoint();
        var path = context.Request.Path;
        if (context.Features.Get<IExceptionHandlerPathFeature>() is { } failed)
        {
            context.SetEndpoint(endpoint ?? failed.Endpoint);
            if (failed.Path is { } failedPath)
            {
                context.Request.Path = new PathString(failedPath);
            }
        }

        try
        {
            return await AnswerAsync(context, exception, Chain.AfterLibrary).ConfigureAwait(false) is not null;
        }
        finally
        {
            context.SetEndpoint(endpoint);
            context.Request.Path = path;
        }
    }

    /// <summary>
    /// Classifies the exception; unless a <c>Rethrow</c> rule lets it through untouched, runs <paramref name="handlers"/>
    /// in order (unless the response has started), then writes the library's error. Returns the full type name of what
    /// answered (an application handler, or <see cref="TypeName"/>), or <see langword="null"/> when the exception must
    /// be rethrown: then neither the handlers nor the library touched the request, and an outer
    /// <c>UseExceptionHandler()</c> runs the handlers itself, once.
    /// </summary>
    public async ValueTask<string?> AnswerAsync(HttpContext context, Exception exception, IExceptionHandler[] handlers)
    {
        var error = _classifier.Classify(exception, context);
        if (error is null)
        {
            context.Features.Set(new RethrownException(exception));
            return null;
        }

        var response = context.Response;
        if (handlers.Length != 0 && !response.HasStarted)
        {
            // What the framework does before its handlers: a clean 500 that is not cached, for a handler to build on.
            var options = _writer.Options;
            ResponseHygiene.Clear(response, options.AllowedHeaderNames);
            response.StatusCode = StatusCodes.Status500InternalServerError;
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
            if (options.RequestIdOnEveryResponse)
            {
                // Promised on every response: a handler's answer keeps it too.
                response.Headers[options.RequestIdHeaderName] = context.TraceIdentifier;
            }
            foreach (var handler in handlers)
            {
                bool handled;
                try
                {
                    handled = await handler.TryHandleAsync(context, exception, context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception failure) when (failure is not OutOfMemoryException)
                {
                    // The original exception is answered (and logged) by the library; a started response is aborted.
                    ErrorMiddlewareLog.ExceptionHandlerFailed(_logger, NameOf(handler), failure);
                    break;
                }

                if (handled)
                {
                    return NameOf(handler);
                }
            }
        }

        await _writer.WriteAsync(context, error, clearResponse: true).ConfigureAwait(false);
        return TypeName;
    }

    /// <summary>Whether <c>UseApiErrors()</c> let <paramref name="exception"/> through under a <c>Rethrow</c> rule.</summary>
    public static bool IsRethrown(HttpContext context, Exception? exception) =>
        exception is not null && ReferenceEquals(context.Features.Get<RethrownException>()?.Exception, exception);

    /// <summary>
    /// The exception <c>UseApiErrors()</c> rethrew under a <c>Rethrow</c> rule, as a request feature: reading a feature
    /// allocates nothing, where the first read of <c>HttpContext.Items</c> creates its dictionary on every error.
    /// </summary>
    private sealed class RethrownException(Exception exception)
    {
        public Exception Exception { get; } = exception;
    }

    /// <summary>
    /// Whether an exception only means the client went away: a reset connection, or a cancellation or I/O failure
    /// once the request was aborted (even when the read that saw it ran ahead of <c>RequestAborted</c>).
    /// </summary>
    public static bool IsClientGone(HttpContext context, Exception exception) =>
        (context.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        || exception is ConnectionResetException;

    private static string NameOf(IExceptionHandler handler) => handler.GetType().FullName ?? handler.GetType().Name;
}
