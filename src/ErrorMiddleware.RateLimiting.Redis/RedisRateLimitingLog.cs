using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>The log messages of the Redis rate limiters.</summary>
internal static partial class RedisRateLimitingLog
{
    [LoggerMessage(1, LogLevel.Warning, "The rate limiter's Redis cannot be reached; answering 500001 with Retry-After.", EventName = "RedisUnavailable")]
    public static partial void RedisUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "A concurrency permit could not be given back to Redis; it expires there by itself.", EventName = "ReleaseFailed")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception);
}
