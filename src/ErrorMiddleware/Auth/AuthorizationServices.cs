using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Registers the authorization hooks.</summary>
internal static class AuthorizationServices
{
    public static void Add(IServiceCollection services)
    {
        // Replace the framework's default handler (registered with TryAdd by AddAuthorization, before or after us),
        // but never an application's own handler.
        var existing = services.LastOrDefault(static d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        if (existing is null || existing.ImplementationType == typeof(AuthorizationMiddlewareResultHandler))
        {
            services.RemoveAll<IAuthorizationMiddlewareResultHandler>();
            services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiErrorsAuthorizationResultHandler>();
        }

        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<MvcOptions>, AuthorizationMvcOptionsSetup>());
    }
}
