using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErrorMiddleware;

/// <summary>Adds the API-key authentication scheme.</summary>
public static class ApiKeyAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the API-key scheme under <see cref="ApiKeyAuthenticationDefaults.AuthenticationScheme"/>. Keys come from
    /// the registered <see cref="IApiKeyStore"/>; when none is registered, from an <see cref="InMemoryApiKeyStore"/>
    /// filled from the <c>ApiKeys</c> configuration section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configure">Configures the scheme's options.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddApiKeyAuthentication(this AuthenticationBuilder builder, Action<ApiKeyAuthenticationOptions>? configure = null)
        => builder.AddApiKeyAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme, configure);

    /// <summary>Adds the API-key scheme under a name of your choice (see the other overload).</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configure">Configures the scheme's options.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddApiKeyAuthentication(this AuthenticationBuilder builder, string authenticationScheme, Action<ApiKeyAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        builder.Services.TryAddSingleton<IApiKeyStore>(static services =>
        {
            var configuration = services.GetService<IConfiguration>();
            return configuration is null
                ? new InMemoryApiKeyStore()
                : InMemoryApiKeyStore.FromConfiguration(configuration.GetSection(ApiKeyAuthenticationDefaults.ConfigurationSectionName));
        });
        return builder.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(authenticationScheme, configure);
    }
}
