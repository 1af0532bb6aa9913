using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Tells a form limit (<see cref="Microsoft.AspNetCore.Http.Features.FormOptions"/> value count, key or value length,
/// multipart body, header or boundary length, whichever options apply: the global ones, an endpoint's
/// <c>WithFormOptions(...)</c> or <c>[RequestFormLimits]</c>) from other invalid form data, so that the limit becomes
/// a 413 and a malformed body stays a 400. The framework's form feature is left alone, so per-endpoint limits apply.
/// </summary>
/// <remarks>
/// The form and multipart readers report a limit and a malformed body alike as a plain
/// <see cref="InvalidDataException"/> (same type, same HResult, no data, no inner exception); only the message tells
/// them apart. Those messages are literal, non-localized strings in ASP.NET Core (<c>"Form value count limit 2
/// exceeded."</c>, <c>"Multipart body length limit 512 exceeded."</c>, <c>"Line length limit 100 exceeded."</c>), so
/// they do not change with the culture.
/// </remarks>
internal static class FormLimitErrors
{
    /// <summary>
    /// The classifier rule: a form limit reported by minimal-API binding (with <c>ThrowOnBadRequest</c>, which the
    /// library turns on: a 400 <see cref="BadHttpRequestException"/> wrapping the reader's exception) or thrown bare by
    /// <c>ReadFormAsync</c> in a handler → <see cref="ErrorKind.PayloadTooLarge"/>; anything else → <see langword="null"/>.
    /// </summary>
    public static ApiError? Classify(Exception exception) => exception switch
    {
        InvalidDataException invalid when IsLimit(invalid) => new ApiError { Kind = ErrorKind.PayloadTooLarge, Exception = exception },
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest, InnerException: InvalidDataException invalid } when IsLimit(invalid)
            => new ApiError { Kind = ErrorKind.PayloadTooLarge, Exception = exception },
        _ => null,
    };

    /// <summary>
    /// The form and multipart readers report every limit as <c>"... limit {n} exceeded."</c> (once followed by
    /// <c>" Too much data before the first boundary."</c>); other invalid data (a malformed body) does not.
    /// </summary>
    public static bool IsLimit(InvalidDataException exception) =>
        exception.Message.Contains(" limit ", StringComparison.Ordinal) && exception.Message.Contains(" exceeded.", StringComparison.Ordinal);
}
