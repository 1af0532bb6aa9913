using System.Collections.Concurrent;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>What the recording handlers saw, in call order.</summary>
internal sealed class HandlerCalls
{
    public ConcurrentQueue<HandlerCall> Calls { get; } = new();

    public void Record(string handler, HttpContext context) =>
        Calls.Enqueue(new HandlerCall(
            handler,
            context.Features.Get<IExceptionHandlerFeature>()?.Error,
            context.Features.Get<IExceptionHandlerPathFeature>()?.Path,
            (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText));
}

internal sealed record HandlerCall(string Handler, Exception? Error, string? Path, string? Route);
