using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The named adapter that tells a form limit (<see cref="Microsoft.AspNetCore.Http.Features.FormOptions"/> value count,
/// key or value length, multipart body, header or boundary length, whichever options apply: the global ones, an
/// endpoint's <c>WithFormOptions(...)</c> or <c>[RequestFormLimits]</c>) from other invalid form data, so that the limit
/// becomes a 413 and a malformed body stays a 400. As a link of the classification chain it takes a limit reported by
/// minimal-API binding (a 400 <see cref="BadHttpRequestException"/> wrapping the reader's exception) or thrown bare by
/// <c>ReadFormAsync</c> in a handler; MVC's form value providers ask <see cref="IsLimit"/> directly.
/// </summary>
/// <remarks>
/// The framework's form and multipart readers report a limit and a malformed body alike as a plain
/// <see cref="InvalidDataException"/> (same type, same HResult, no data, no inner exception); only the message tells
/// them apart. Those messages are literal, non-localized strings in ASP.NET Core (<c>"Form value count limit 2
/// exceeded."</c>, <c>"Multipart body length limit 512 exceeded."</c>, <c>"Line length limit 100 exceeded."</c>), so
/// they do not change with the culture. The test <c>FormReaders_AspNetCore10_ReportLimitsAsInvalidDataWithLimitExceededText</c>
/// runs the real readers and fails if a framework version changes that.
/// </remarks>
internal sealed class FormLimitExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Specific;

    public ApiError? TryMap(Exception exception, HttpContext? context) => exception switch
    {
        InvalidDataException invalid when IsLimit(invalid) => TooLarge(exception),
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: InvalidDataException invalid } when IsLimit(invalid) => TooLarge(exception),
        _ => null,
    };

    /// <summary>The error of a body over a limit.</summary>
    public static ApiError TooLarge(Exception exception) => new() { Kind = ErrorKind.PayloadTooLarge, Exception = exception };

    /// <summary>
    /// The form and multipart readers report every limit as <c>"... limit {n} exceeded."</c> (once followed by
    /// <c>" Too much data before the first boundary."</c>); other invalid data (a malformed body) does not.
    /// </summary>
    public static bool IsLimit(InvalidDataException exception) =>
        exception.Message.Contains(" limit ", StringComparison.Ordinal) && exception.Message.Contains(" exceeded.", StringComparison.Ordinal);
}
