using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>The chain's link for the library's own exceptions: an <see cref="ApiException"/> is the error it carries.</summary>
internal sealed class ApiExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is ApiException api ? ApiError.FromException(api) : null;
}
