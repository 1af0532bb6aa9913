using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>Records that it ran; never handles. Registered after <c>AddApiErrors()</c>.</summary>
internal sealed class SecondRecordingHandler(HandlerCalls calls) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        calls.Record("second", httpContext);
        return ValueTask.FromResult(false);
    }
}
