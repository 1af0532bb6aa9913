using Microsoft.Extensions.Hosting;

namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>
/// Opens the Redis connection while the application starts, so that the first requests do not all wait on it (a
/// connection opened by a request under load can time out while the thread pool is busy). An unreachable Redis does
/// not stop the application: the connection keeps retrying and requests get 500001 meanwhile.
/// </summary>
internal sealed class RedisConnectionWarmup(RedisRateLimiters limiters) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() => _ = limiters.Connection, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
