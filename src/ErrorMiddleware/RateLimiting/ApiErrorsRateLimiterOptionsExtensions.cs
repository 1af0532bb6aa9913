using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ErrorMiddleware;

/// <summary>
/// Tells ErrorMiddleware about the application's rate limiters. With <c>AddApiErrors()</c> every rejection already
/// becomes <see cref="ErrorKind.RateLimited"/> with <c>Retry-After</c> (unless the application sets its own
/// <c>OnRejected</c>); these methods mark server-overload limiters, give a Retry-After where a limiter's lease carries
/// none, and register limiters partitioned per API key or per client.
/// </summary>
public static class ApiErrorsRateLimiterOptionsExtensions
{
    /// <summary>
    /// Marks a named policy as a server-wide overload limiter: its rejections become <see cref="ErrorKind.ServerBusy"/>
    /// instead of <see cref="ErrorKind.RateLimited"/>.
    /// </summary>
    /// <param name="options">The rate limiter options.</param>
    /// <param name="policyName">The policy name.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions MarkAsServerOverload(this RateLimiterOptions options, string policyName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        RateLimitErrorSettings.For(options).OverloadPolicies.Add(policyName);
        return options;
    }

    /// <summary>Marks <see cref="RateLimiterOptions.GlobalLimiter"/> as a server-wide overload limiter (see <see cref="MarkAsServerOverload"/>).</summary>
    /// <param name="options">The rate limiter options.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions MarkGlobalLimiterAsServerOverload(this RateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RateLimitErrorSettings.For(options).GlobalLimiterIsOverload = true;
        return options;
    }

    /// <summary>
    /// The <c>Retry-After</c> written when a named policy's rejected lease carries no <c>RetryAfter</c> metadata (some
    /// limiter kinds never do). Without one, a 429 says 1 second.
    /// </summary>
    /// <param name="options">The rate limiter options.</param>
    /// <param name="policyName">The policy name.</param>
    /// <param name="retryAfter">When to retry, typically the limiter's window.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions SetRetryAfterFallback(this RateLimiterOptions options, string policyName, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        RateLimitErrorSettings.For(options).RetryAfterFallbacks[policyName] = retryAfter;
        return options;
    }

    /// <summary>The <c>Retry-After</c> written when a rejected lease of <see cref="RateLimiterOptions.GlobalLimiter"/> carries none.</summary>
    /// <param name="options">The rate limiter options.</param>
    /// <param name="retryAfter">When to retry.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions SetGlobalLimiterRetryAfterFallback(this RateLimiterOptions options, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retryAfter, TimeSpan.Zero);
        RateLimitErrorSettings.For(options).GlobalLimiterRetryAfterFallback = retryAfter;
        return options;
    }

    /// <summary>
    /// Adds a named fixed-window policy with one window per API key (see <see cref="ApiRateLimitPartition.GetApiKeyPartitionKey"/>);
    /// its window is the <c>Retry-After</c> fallback.
    /// </summary>
    /// <param name="options">The rate limiter options.</param>
    /// <param name="policyName">The policy name.</param>
    /// <param name="configure">Configures the limiter of each partition.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions AddFixedWindowLimiterByApiKey(this RateLimiterOptions options, string policyName, Action<FixedWindowRateLimiterOptions> configure)
    {
        var template = Configure(options, policyName, configure);
        return options.AddPolicy(policyName, context => RateLimitPartition.GetFixedWindowLimiter(ApiRateLimitPartition.GetApiKeyPartitionKey(context), _ => template));
    }

    /// <summary>
    /// Adds a named fixed-window policy with one window per client (see <see cref="ApiRateLimitPartition.GetClientIdPartitionKey"/>);
    /// its window is the <c>Retry-After</c> fallback.
    /// </summary>
    /// <param name="options">The rate limiter options.</param>
    /// <param name="policyName">The policy name.</param>
    /// <param name="configure">Configures the limiter of each partition.</param>
    /// <returns>The options.</returns>
    public static RateLimiterOptions AddFixedWindowLimiterByClientId(this RateLimiterOptions options, string policyName, Action<FixedWindowRateLimiterOptions> configure)
    {
        var template = Configure(options, policyName, configure);
        return options.AddPolicy(policyName, context => RateLimitPartition.GetFixedWindowLimiter(ApiRateLimitPartition.GetClientIdPartitionKey(context), _ => template));
    }

    private static FixedWindowRateLimiterOptions Configure(RateLimiterOptions options, string policyName, Action<FixedWindowRateLimiterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        ArgumentNullException.ThrowIfNull(configure);
        var template = new FixedWindowRateLimiterOptions();
        configure(template);
        RateLimitErrorSettings.For(options).RetryAfterFallbacks.TryAdd(policyName, template.Window);
        return template;
    }
}
