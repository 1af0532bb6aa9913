using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>Registers the Redis rate limiters.</summary>
public static class RedisRateLimitingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisRateLimiters"/>, the factory of fleet-wide limiters, for the application's rate-limiting
    /// policies to use, and opens its Redis connection while the application starts (see <see cref="RedisRateLimiters.CreateFixedWindow"/> and <see cref="RedisRateLimiters.CreateConcurrency"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="RedisRateLimitingOptions.ConnectionString"/> is required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRedisRateLimiting(this IServiceCollection services, Action<RedisRateLimitingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisRateLimitingOptions>()
            .Configure(configure)
            .Validate(static o => !string.IsNullOrWhiteSpace(o.ConnectionString), "RedisRateLimitingOptions.ConnectionString is required.")
            .Validate(static o => o.RetryAfterWhenUnavailable > TimeSpan.Zero, "RedisRateLimitingOptions.RetryAfterWhenUnavailable must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<RedisRateLimiters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisConnectionWarmup>());
        return services;
    }
}
