using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// The one funnel: every failure source (middleware, MVC filters, endpoint filters, authorization, rate limiting,
/// the problem-details service) hands its <see cref="ApiError"/> here. It selects the dialect, resolves the error,
/// runs <see cref="ApiErrorsOptions.OnError"/>, and puts the dialect's body and headers on the wire — or one event on a
/// started event stream, or the dialect's fixed fallback body when any of that fails — then logs and counts it once.
/// </summary>
internal sealed class ErrorResponseWriter(
    IOptions<ApiErrorsOptions> options, ErrorDialectSelector selector, ErrorResolver resolver, ErrorReporter reporter, ILogger<ErrorResponseWriter> logger)
{
    private readonly ApiErrorsOptions _options = options.Value;

    public ApiErrorsOptions Options => _options;

    /// <summary>Writes the error as the whole response; on a started response, see <see cref="WriteAfterStartAsync"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="error">The error.</param>
    /// <param name="clearResponse">Whether to clear what the application set (headers except the allow-list, status).</param>
    public async Task WriteAsync(HttpContext context, ApiError error, bool clearResponse = false)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            await WriteAfterStartAsync(context, error).ConfigureAwait(false);
            return;
        }

        ApiErrorDialect dialect = selector.Registry.Default;
        ReadOnlyMemory<byte> body;
        ErrorBodyBuffer? pooled = null;
        try
        {
            try
            {
                dialect = selector.Select(context);
                if (clearResponse)
                {
                    ResponseHygiene.Clear(response, _options.AllowedHeaderNames);
                }

                var resolved = await ResolveAsync(context, error, dialect).ConfigureAwait(false);
                pooled = Serialize(dialect, resolved, context);
                body = pooled.WrittenMemory;
                response.StatusCode = resolved.StatusCode;
                ApplyHeaders(response.Headers, dialect, resolved);
                response.ContentType = dialect.ContentType;
                reporter.Written(context, resolved, error.Exception);
            }
            catch (Exception failure)
            {
                if (IsClientGone(context, failure))
                {
                    ErrorMiddlewareLog.ClientClosedRequest(logger, failure);
                    return;
                }

                if (response.HasStarted)
                {
                    // A callback wrote to the response and then failed: the client must see a broken response, never a
                    // truncated success.
                    ErrorMiddlewareLog.WriteFailedAfterStart(logger, failure);
                    reporter.Failed(context, dialect, error.Exception);
                    context.Abort();
                    return;
                }

                ErrorMiddlewareLog.WriteFailed(logger, failure);
                reporter.Failed(context, dialect, error.Exception);
                body = dialect.FallbackBody;
                try
                {
                    ResponseHygiene.TryClear(response, _options.AllowedHeaderNames);
                    response.StatusCode = StatusCodes.Status500InternalServerError;
                    response.ContentType = dialect.ContentType;
                    ApplyCommonHeaders(response.Headers, context.TraceIdentifier);
                }
                catch (Exception headerFailure) when (headerFailure is InvalidOperationException or ArgumentException)
                {
                    // A header value the application made unwritable (an invalid request id): the body still goes out.
                }
            }

            response.ContentLength = body.Length;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            try
            {
                // The body is complete before the headers go (Content-Length), so it is copied once into the
                // response; no intermediate array is allocated for it.
                await response.Body.WriteAsync(body, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception failure) when (context.RequestAborted.IsCancellationRequested || failure is IOException or OperationCanceledException)
            {
                // The client went away while the error was being written: nothing more can be done for it.
                ErrorMiddlewareLog.ClientClosedRequest(logger, failure);
            }
        }
        finally
        {
            // The one place the pooled body is given back: after its last use, whatever happened (the fallback
            // body, a failed write, a client gone).
            pooled?.Dispose();
        }
    }

    /// <summary>
    /// Reports a failure on a response that has already started: a <c>text/event-stream</c> is ended with one error
    /// event in the dialect; any other response is aborted, never rewritten.
    /// </summary>
    public async Task WriteAfterStartAsync(HttpContext context, ApiError error)
    {
        ApiErrorDialect? dialect = null;
        try
        {
            dialect = selector.Select(context);
            if (!EventStream.IsEventStream(context.Response.ContentType))
            {
                reporter.Aborted(context, resolver.Resolve(context, error, dialect), error.Exception);
                context.Abort();
                return;
            }

            byte[] frame;
            try
            {
                var resolved = await RunCallbackAsync(context, error, resolver.Resolve(context, error, dialect), responseHasStarted: true).ConfigureAwait(false);
                using (var json = Serialize(dialect, resolved, context))
                {
                    frame = EventStream.ErrorFrame(json.WrittenMemory.Span);
                }

                reporter.StreamEnded(context, resolved, error.Exception);
            }
            catch (Exception failure) when (!IsClientGone(context, failure))
            {
                // The stream still ends with one error event: the dialect's fixed fallback.
                ErrorMiddlewareLog.WriteFailed(logger, failure);
                reporter.Failed(context, dialect, error.Exception);
                frame = EventStream.ErrorFrame(dialect.FallbackBody.Span);
            }

            await context.Response.Body.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (Exception failure) when (IsClientGone(context, failure))
        {
            ErrorMiddlewareLog.ClientClosedRequest(logger, failure);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            ErrorMiddlewareLog.WriteFailedAfterStart(logger, failure);
            reporter.Failed(context, dialect ?? selector.Registry.Default, error.Exception);
        }

        context.Abort();
    }

    /// <summary>Resolves the error for a dialect and runs <see cref="ApiErrorsOptions.OnError"/>.</summary>
    public ValueTask<ResolvedError> ResolveAsync(HttpContext context, ApiError error, ApiErrorDialect dialect) =>
        RunCallbackAsync(context, error, resolver.Resolve(context, error, dialect), responseHasStarted: false);

    private async ValueTask<ResolvedError> RunCallbackAsync(HttpContext context, ApiError error, ResolvedError resolved, bool responseHasStarted)
    {
        resolved = ProblemDetailsCustomization.Apply(context, error.Exception, resolved);
        if (_options.OnError is not { } onError)
        {
            return resolved;
        }

        var callbackContext = new ErrorContext { HttpContext = context, Exception = error.Exception, Error = resolved, ResponseHasStarted = responseHasStarted };
        await onError(callbackContext, context.RequestAborted).ConfigureAwait(false);
        var changed = callbackContext.Error;
        if (changed is null || changed.Code is null || changed.Message is null || changed.StatusCode is < 400 or > 599)
        {
            throw new InvalidOperationException(
                "ApiErrorsOptions.OnError must leave an error with a code, a message and a status between 400 and 599.");
        }

        return changed;
    }

    /// <summary>Whether a failure only means the client went away (logged at Debug as 499, never as an error).</summary>
    private static bool IsClientGone(HttpContext context, Exception failure) =>
        context.RequestAborted.IsCancellationRequested && failure is IOException or OperationCanceledException;

    /// <summary>
    /// The body of an error in a dialect, as JSON, in a pooled buffer the caller owns and must dispose after the last
    /// use of its <see cref="ErrorBodyBuffer.WrittenMemory"/>. When the dialect throws, the buffer is given back here.
    /// </summary>
    internal static ErrorBodyBuffer Serialize(ApiErrorDialect dialect, ResolvedError error, HttpContext context)
    {
        var buffer = ErrorBodyBuffer.Rent();
        try
        {
            dialect.WriteBody(buffer.Json, error, context);
            buffer.Json.Flush();
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private void ApplyHeaders(IHeaderDictionary headers, ApiErrorDialect dialect, ResolvedError error)
    {
        ApplyCommonHeaders(headers, error.RequestId);
        if (error.RetryAfter is { } delay && delay > TimeSpan.Zero)
        {
            headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        dialect.ApplyHeaders(headers, error);
    }

    private void ApplyCommonHeaders(IHeaderDictionary headers, string requestId)
    {
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers[_options.RequestIdHeaderName] = requestId;
    }
}
