using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for the server's own limits: Kestrel reports a body over <c>MaxRequestBodySize</c> as a 413
/// <see cref="BadHttpRequestException"/> (→ <see cref="ErrorKind.PayloadTooLarge"/>) and a body arriving slower than
/// <c>MinRequestBodyDataRate</c> as a 408 (→ <see cref="ErrorKind.RequestTimeout"/>).
/// </summary>
internal sealed class ServerLimitExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => FormLimitExceptionMapper.TooLarge(exception),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new ApiError { Kind = ErrorKind.RequestTimeout, Exception = exception },
        _ => null,
    };
}
