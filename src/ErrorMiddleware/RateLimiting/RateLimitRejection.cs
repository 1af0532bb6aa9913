using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// The <c>OnRejected</c> installed by the library: a rejection becomes 130005 / 429 <c>TooManyRequests</c> (or, for a
/// server-overload limiter, 530002 "Server is busy": HTTP 500 in BusinessCode, 503 <c>Service Unavailable</c> in
/// Wanqing) with <c>Retry-After</c> from the lease's metadata, else the limiter's recorded window.
/// </summary>
internal static class RateLimitRejection
{
    public static Func<OnRejectedContext, CancellationToken, ValueTask> Create(RateLimitErrorSettings settings) =>
        (context, _) => WriteAsync(context, settings);

    private static async ValueTask WriteAsync(OnRejectedContext context, RateLimitErrorSettings settings)
    {
        var httpContext = context.HttpContext;
        var lease = context.Lease;
        var fromGlobal = lease.TryGetMetadata(GlobalLimiterTagger.MetadataName, out _);
        var policyName = fromGlobal ? null : httpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var overload = fromGlobal
            ? settings.GlobalLimiterIsOverload
            : policyName is not null && settings.OverloadPolicies.Contains(policyName);

        TimeSpan? retryAfter;
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan leaseRetryAfter))
        {
            retryAfter = leaseRetryAfter;
        }
        else if (fromGlobal)
        {
            retryAfter = settings.GlobalLimiterRetryAfterFallback;
        }
        else
        {
            retryAfter = policyName is not null && settings.RetryAfterFallbacks.TryGetValue(policyName, out var window) ? window : null;
        }

        if (retryAfter is null && !overload)
        {
            retryAfter = RateLimitErrorSettings.DefaultRetryAfter;
        }

        var error = new ApiError { Kind = overload ? ErrorKind.ServerBusy : ErrorKind.RateLimited, RetryAfter = retryAfter };
        await httpContext.RequestServices.GetRequiredService<ErrorResponseWriter>().WriteAsync(httpContext, error, clearResponse: true).ConfigureAwait(false);
    }
}
