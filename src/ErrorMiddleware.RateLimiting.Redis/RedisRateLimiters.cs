using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>
/// Creates rate limiters whose state lives in Redis, so that every instance of the application shares one window or one
/// pool of permits (built on RedisRateLimiting). Use them as the limiters of partitions, e.g.
/// <c>ApiRateLimitPartition.PartitionByApiKey(context, key =&gt; limiters.CreateFixedWindow("per-key:" + key, 60, TimeSpan.FromMinutes(1)))</c>:
/// a rejection is then 130005 / 429 with the <c>Retry-After</c> of the shared window (or 530002 for a policy marked as
/// server overload), and an unreachable Redis is 500001 / <c>Service Unavailable</c> with
/// <see cref="RedisRateLimitingOptions.RetryAfterWhenUnavailable"/>.
/// </summary>
/// <remarks>
/// Redis keys are <c>rl:fw:{partitionKey}</c> and <c>rl:cc:{partitionKey}</c>: the braces make each partition one Redis
/// Cluster hash slot. The limiters only acquire asynchronously: <c>AttemptAcquire</c> always fails.
/// </remarks>
public sealed class RedisRateLimiters : IDisposable
{
    private readonly RedisRateLimitingOptions _options;
    private readonly ILogger<RedisRateLimiters> _logger;
    private readonly Lazy<IConnectionMultiplexer> _connection;

    /// <summary>Creates the factory; the Redis connection is opened on first use.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    public RedisRateLimiters(IOptions<RedisRateLimitingOptions> options, ILogger<RedisRateLimiters> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            throw new ArgumentException("RedisRateLimitingOptions.ConnectionString is required.", nameof(options));
        }

        var configuration = ConfigurationOptions.Parse(_options.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        _connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The shared Redis connection.</summary>
    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>
    /// A fixed window of <paramref name="permitLimit"/> requests per <paramref name="window"/>, shared by every instance
    /// using the same <paramref name="partitionKey"/>. A rejected lease carries the time left in the window as
    /// <c>MetadataName.RetryAfter</c>.
    /// </summary>
    /// <param name="partitionKey">The partition's key in Redis; prefix it with the policy name so policies do not share windows.</param>
    /// <param name="permitLimit">The requests allowed per window.</param>
    /// <param name="window">The window.</param>
    /// <returns>The limiter.</returns>
    public RateLimiter CreateFixedWindow(string partitionKey, int permitLimit, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(permitLimit, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        return new RedisBackedRateLimiter(
            new RedisFixedWindowRateLimiter<string>(partitionKey, new RedisFixedWindowRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => _connection.Value,
                PermitLimit = permitLimit,
                Window = window,
            }),
            _options.RetryAfterWhenUnavailable,
            _logger);
    }

    /// <summary>
    /// At most <paramref name="permitLimit"/> requests at once across every instance using the same
    /// <paramref name="partitionKey"/>, without a queue. A permit is given back when its lease is disposed; the permit of
    /// an instance that died expires in Redis after 60 seconds.
    /// </summary>
    /// <param name="partitionKey">The partition's key in Redis.</param>
    /// <param name="permitLimit">The requests allowed at once.</param>
    /// <returns>The limiter.</returns>
    public RateLimiter CreateConcurrency(string partitionKey, int permitLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(partitionKey);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(permitLimit, 0);
        return new RedisBackedRateLimiter(
            new RedisConcurrencyRateLimiter<string>(partitionKey, new RedisConcurrencyRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => _connection.Value,
                PermitLimit = permitLimit,
                QueueLimit = 0,
            }),
            _options.RetryAfterWhenUnavailable,
            _logger);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
