using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>A faulty application handler: throws for every exception.</summary>
internal sealed class ThrowingHandler : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("handler bug");
}
