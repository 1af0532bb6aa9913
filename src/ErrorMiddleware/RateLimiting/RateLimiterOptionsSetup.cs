using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Installs <see cref="RateLimitRejection"/> as <c>OnRejected</c> unless the application wrote its own, and tags the
/// global limiter's rejections.
/// </summary>
internal sealed class RateLimiterOptionsSetup : IPostConfigureOptions<RateLimiterOptions>
{
    public void PostConfigure(string? name, RateLimiterOptions options)
    {
        if (options.OnRejected is not null)
        {
            return;
        }

        if (options.GlobalLimiter is { } global and not GlobalLimiterTagger)
        {
            options.GlobalLimiter = new GlobalLimiterTagger(global);
        }

        options.OnRejected = RateLimitRejection.Create(RateLimitErrorSettings.For(options));
    }
}
