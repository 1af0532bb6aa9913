using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for minimal-API parameter binding (thrown because the library turns
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> on): a 400 <see cref="BadHttpRequestException"/> is told apart by
/// <see cref="MinimalApiBindingErrors"/>; any other status (415 for a wrong content type, ...) is that status.
/// Runs after the server- and form-limit links, which take their own 400, 408 and 413.
/// </summary>
internal sealed class MinimalApiBindingExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Broad;

    public ApiError? TryMap(Exception exception, HttpContext? context) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => MinimalApiBindingErrors.Classify(context, bad),
        BadHttpRequestException bad => new ApiError { Kind = ErrorCodes.ErrorKindForStatus(bad.StatusCode), StatusCode = bad.StatusCode, Exception = exception },
        _ => null,
    };
}
