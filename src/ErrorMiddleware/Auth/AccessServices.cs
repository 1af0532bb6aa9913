using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// Registers the access hooks (authorization results, quota, rate limiting, server limits); called once by
/// <c>AddApiErrors()</c>. Each folder registers its own services.
/// </summary>
internal static class AccessServices
{
    public static void Add(IServiceCollection services)
    {
        AuthorizationServices.Add(services);
        QuotaServices.Add(services);
        RateLimitingServices.Add(services);
        ServerLimitServices.Add(services);
    }
}
