using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// A startup filter that puts a middleware in front of the whole pipeline (ErrorMiddleware included) and records, for
/// each request once it is over, the status the server was left with and whether the response had started.
/// </summary>
internal sealed class RequestOutcomeRecorder : IStartupFilter
{
    public ConcurrentQueue<RequestOutcome> Outcomes { get; } = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource<RequestOutcome>> _waiters = new(StringComparer.Ordinal);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            Exception? escaped = null;
            try
            {
                await nextMiddleware(context);
            }
            catch (Exception exception)
            {
                escaped = exception;
                throw;
            }
            finally
            {
                var outcome = new RequestOutcome(context.Request.Path.Value ?? "/", context.Response.StatusCode, context.Response.HasStarted, context.RequestAborted.IsCancellationRequested, escaped);
                Outcomes.Enqueue(outcome);
                _waiters.GetOrAdd(outcome.Path, static _ => new TaskCompletionSource<RequestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);
            }
        });
        next(app);
    };

    /// <summary>The outcome of the first request to <paramref name="path"/>, once it is over.</summary>
    public Task<RequestOutcome> WaitForAsync(string path, TimeSpan timeout) =>
        _waiters.GetOrAdd(path, static _ => new TaskCompletionSource<RequestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(timeout);
}
