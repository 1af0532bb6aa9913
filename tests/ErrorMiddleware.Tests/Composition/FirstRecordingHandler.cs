using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>Records that it ran, and what the exception feature told it; never handles.</summary>
internal sealed class FirstRecordingHandler(HandlerCalls calls) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        calls.Record("first", httpContext);
        return ValueTask.FromResult(false);
    }
}
