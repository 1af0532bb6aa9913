using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>An application's handler: answers <see cref="TeapotException"/> with 418 and its own body.</summary>
internal sealed class TeapotHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TeapotException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status418ImATeapot;
        await httpContext.Response.WriteAsJsonAsync(new { teapot = true }, cancellationToken);
        return true;
    }
}
