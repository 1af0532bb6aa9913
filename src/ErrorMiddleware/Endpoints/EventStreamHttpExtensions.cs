using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// Helpers for endpoints that stream Server-Sent Events by hand. They make the rule of the library explicit:
/// a failure before <see cref="StartEventStreamAsync"/> is an ordinary error response; a failure after it ends
/// the stream with one error event in the endpoint's dialect.
/// </summary>
public static class EventStreamHttpExtensions
{
    /// <summary>
    /// Starts a <c>text/event-stream</c> response: sets the content type and no-cache headers, turns response
    /// buffering off and sends the headers. Check everything that can fail as an ordinary error (credentials,
    /// quota, validation) before calling it.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the headers are sent.</returns>
    /// <exception cref="InvalidOperationException">The response has already started.</exception>
    public static Task StartEventStreamAsync(this HttpResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.HasStarted)
        {
            throw new InvalidOperationException("The response has already started; an event stream must be started before anything is written.");
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Writes one event (<c>data: ...</c> followed by a blank line) and flushes it. A line break in
    /// <paramref name="data"/> becomes a second <c>data:</c> line, as the SSE format requires.
    /// </summary>
    /// <param name="response">A response started with <see cref="StartEventStreamAsync"/>.</param>
    /// <param name="data">The event's data, for example a JSON document or <c>[DONE]</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the event is flushed.</returns>
    public static async Task WriteEventAsync(this HttpResponse response, string data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(data);
        var buffer = new ArrayBufferWriter<byte>(data.Length + 16);
        foreach (var line in data.AsSpan().EnumerateLines())
        {
            buffer.Write("data: "u8);
            Encoding.UTF8.GetBytes(line, buffer);
            buffer.Write("\n"u8);
        }

        buffer.Write("\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reports a failure of a streaming endpoint that caught it itself. When the event stream has started, it is
    /// ended with one error event in the endpoint's dialect (the same event <c>UseApiErrors()</c> writes for an
    /// exception that escapes); when nothing was sent yet, the error is written as the whole response.
    /// Exceptions the application mapped to rethrow are rethrown.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="exception">The failure.</param>
    /// <returns>A task that completes when the error is written.</returns>
    /// <exception cref="InvalidOperationException"><c>AddApiErrors()</c> was not called, or a non-SSE response has already started.</exception>
    public static Task WriteErrorEventAsync(this HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var services = context.RequestServices;
        var writer = services.GetService<ErrorResponseWriter>()
            ?? throw new InvalidOperationException("Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()'.");
        var error = services.GetRequiredService<ExceptionClassifier>().Classify(exception, context);
        if (error is null)
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        var response = context.Response;
        if (!response.HasStarted)
        {
            return writer.WriteAsync(context, error, clearResponse: true);
        }

        if (!EventStream.IsEventStream(response.ContentType))
        {
            throw new InvalidOperationException("The response has started and is not a text/event-stream: an error event cannot be written to it.", exception);
        }

        return writer.WriteAfterStartAsync(context, error);
    }
}
