namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>Options of <see cref="RedisRateLimiters"/>.</summary>
public sealed class RedisRateLimitingOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string (<c>host:port,password=...</c>). Required. The connection never aborts
    /// on a failed connect and fails fast while disconnected (so a request is answered 500001 at once rather than queued);
    /// it reconnects by itself when the server is back.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The <c>Retry-After</c> of the 500001 / <c>Service Unavailable</c> answered while Redis cannot be reached.
    /// Default: 5 seconds.
    /// </summary>
    public TimeSpan RetryAfterWhenUnavailable { get; set; } = TimeSpan.FromSeconds(5);
}
