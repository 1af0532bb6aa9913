using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>An error as a minimal-API <see cref="IResult"/> and an MVC <see cref="IActionResult"/>: both write through the funnel.</summary>
internal sealed class ApiErrorResult(ApiError error) : IResult, IActionResult, IStatusCodeHttpResult
{
    public ApiError Error { get; } = error;

    public int? StatusCode => Error.StatusCode ?? Error.Code?.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.RequestServices.GetRequiredService<ErrorResponseWriter>().WriteAsync(httpContext, Error);
    }

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecuteAsync(context.HttpContext);
    }
}
