using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>What <see cref="ApiErrorsOptions.OnError"/> is told about an error about to be written.</summary>
/// <remarks>
/// The response has already been cleared when the callback runs, so headers it sets on
/// <c>HttpContext.Response</c> are sent with the error.
/// </remarks>
public sealed class ErrorContext
{
    /// <summary>The request.</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>The exception, when the error comes from one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>
    /// The error that will be written. Replace it with a changed copy to change the message, add
    /// <see cref="ResolvedError.Extensions"/> or change the status.
    /// </summary>
    public required ResolvedError Error { get; set; }
}
