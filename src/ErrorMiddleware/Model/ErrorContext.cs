using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>What <see cref="ApiErrorsOptions.OnError"/> is told about an error about to be written.</summary>
/// <remarks>
/// When <see cref="ResponseHasStarted"/> is <see langword="false"/>, the response has already been cleared when the
/// callback runs, so headers it sets on <c>HttpContext.Response</c> are sent with the error. When it is
/// <see langword="true"/> (an event stream ended with an error event), headers can no longer be sent.
/// A callback that throws, or sets a status outside 400-599, gets the dialect's fixed fallback body written instead.
/// </remarks>
public sealed class ErrorContext
{
    /// <summary>The request.</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>Whether the response had started (an event stream), so that no header can be set any more.</summary>
    public bool ResponseHasStarted { get; init; }

    /// <summary>The exception, when the error comes from one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>
    /// The error that will be written. Replace it with a changed copy to change the message, add
    /// <see cref="ResolvedError.Extensions"/> or change the status.
    /// </summary>
    public required ResolvedError Error { get; set; }
}
