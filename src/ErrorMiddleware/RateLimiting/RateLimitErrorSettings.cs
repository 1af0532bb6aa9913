using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.RateLimiting;

namespace ErrorMiddleware;

/// <summary>
/// What <see cref="ApiErrorsRateLimiterOptionsExtensions"/> recorded about one <see cref="RateLimiterOptions"/> instance:
/// which limiters are server-overload limiters and which Retry-After to use when a lease carries none.
/// Attached to the options instance, never global.
/// </summary>
internal sealed class RateLimitErrorSettings
{
    /// <summary>The Retry-After of a 429 when neither the lease nor a recorded window says when to retry.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly ConditionalWeakTable<RateLimiterOptions, RateLimitErrorSettings> s_settings = new();

    public HashSet<string> OverloadPolicies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TimeSpan> RetryAfterFallbacks { get; } = new(StringComparer.Ordinal);

    public bool GlobalLimiterIsOverload { get; set; }

    public TimeSpan? GlobalLimiterRetryAfterFallback { get; set; }

    public static RateLimitErrorSettings For(RateLimiterOptions options) => s_settings.GetValue(options, static _ => new RateLimitErrorSettings());
}
