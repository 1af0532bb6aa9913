using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// An error returned instead of thrown: a minimal-API <see cref="IResult"/> and an MVC <see cref="IActionResult"/> that
/// writes exactly what throwing the matching <see cref="ApiException"/> writes — the same body, status and headers in
/// the request's dialect, through the same writer, logged and counted the same way — without the cost of an exception.
/// Created by <see cref="ApiResults"/>.
/// </summary>
/// <remarks>
/// Declare the specific type (<see cref="QuotaExceededHttpResult"/>, <see cref="ValidationFailedHttpResult"/>, ...)
/// in a <c>Results&lt;Ok&lt;T&gt;, QuotaExceededHttpResult&gt;</c> union for the OpenAPI document to list that failure;
/// this type fits a union for any error.
/// </remarks>
public class ApiErrorHttpResult : IResult, IActionResult, IStatusCodeHttpResult
{
    internal ApiErrorHttpResult(ApiError error)
    {
        Error = error;
    }

    /// <summary>The error as the pipeline takes it.</summary>
    internal ApiError Error { get; }

    /// <summary>The portable failure (for a row, the row's kind).</summary>
    public ErrorKind Kind => Error.Kind;

    /// <summary>The catalog row, when the result was created from one.</summary>
    public ErrorCode? Code => Error.Code;

    /// <summary>The message chosen by the application, or <see langword="null"/> for the documented message.</summary>
    public string? Message => Error.Message;

    /// <summary>The failed fields (empty unless validation failed).</summary>
    public IReadOnlyList<FieldError> Fields => Error.Fields;

    /// <summary>Structured details written with the error, as <see cref="ApiException.Details"/>.</summary>
    public IReadOnlyDictionary<string, object?>? Details => Error.Details;

    /// <summary>When the client may retry; written as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter => Error.RetryAfter;

    /// <summary>
    /// The status of the row, when the result was created from one; otherwise <see langword="null"/>, because the status
    /// of a failure kind is decided by the request's dialect when the error is written (a quota error is 402 in
    /// BusinessCode and 403 in Wanqing; see docs/errors.md).
    /// </summary>
    public int? StatusCode => Error.StatusCode ?? Error.Code?.StatusCode;

    /// <summary>Writes the error as the whole response, in the request's dialect.</summary>
    /// <param name="httpContext">The request.</param>
    /// <returns>A task that completes when the response was written.</returns>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var writer = httpContext.RequestServices.GetService<ErrorResponseWriter>()
            ?? throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");
        return writer.WriteAsync(httpContext, Error);
    }

    /// <summary>Writes the error as the whole response, in the request's dialect.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>A task that completes when the response was written.</returns>
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }
}
