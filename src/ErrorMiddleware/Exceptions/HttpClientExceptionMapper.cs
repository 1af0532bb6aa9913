using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>The chain's link for <see cref="HttpClient"/>: an <see cref="HttpRequestException"/> is <see cref="ErrorKind.UpstreamError"/>.</summary>
internal sealed class HttpClientExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is HttpRequestException ? new ApiError { Kind = ErrorKind.UpstreamError, Exception = exception } : null;
}
