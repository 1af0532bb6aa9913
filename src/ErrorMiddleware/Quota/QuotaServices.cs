using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Registers the quota hooks and the default <see cref="InMemoryQuotaService"/>.</summary>
internal static class QuotaServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryQuotaService>();
        services.TryAddSingleton<IQuotaService>(static sp => sp.GetRequiredService<InMemoryQuotaService>());
        services.TryAddSingleton<QuotaGate>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<MvcOptions>, QuotaMvcOptionsSetup>());
    }
}
