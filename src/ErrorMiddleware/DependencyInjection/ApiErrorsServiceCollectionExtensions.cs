using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Registers ErrorMiddleware.</summary>
public static class ApiErrorsServiceCollectionExtensions
{
    /// <summary>The configuration section bound to <see cref="ApiErrorsOptions"/>.</summary>
    public const string ConfigurationSectionName = "ApiErrors";

    /// <summary>
    /// Registers ErrorMiddleware: binds the <c>ApiErrors</c> configuration section (when there is one), then runs
    /// <paramref name="configure"/>; replaces the framework's <see cref="IProblemDetailsService"/> so that its
    /// problems come out in the active dialect; envelopes MVC error results and <c>[ApiController]</c>'s automatic 400.
    /// Options are validated at startup.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options after the configuration section was bound.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddApiErrors(this IServiceCollection services, Action<ApiErrorsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Bound only when the host has a configuration (every WebApplication does; a bare ServiceCollection may not).
        var options = services.AddOptions<ApiErrorsOptions>()
            .Configure<IServiceProvider>(static (o, provider) => ApiErrorsConfiguration.Bind(provider.GetService<IConfiguration>()?.GetSection(ConfigurationSectionName), o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ApiErrorsOptions>, ApiErrorsOptionsValidator>());

        if (services.Any(static d => d.ServiceType == typeof(ApiErrorsMarkerService)))
        {
            return services;
        }

        services.AddSingleton<ApiErrorsMarkerService>();
        services.AddMetrics();
        services.TryAddSingleton<ErrorMetrics>();
        services.TryAddSingleton<ErrorDialectRegistry>();
        services.TryAddSingleton<ErrorDialectSelector>();
        services.TryAddSingleton<ErrorResolver>();
        services.TryAddSingleton<ErrorReporter>();
        services.TryAddSingleton<ErrorResponseWriter>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, ErrorDialectNamesCheck>());
        services.TryAddSingleton<ExceptionClassifier>();

        services.AddProblemDetails();
        services.Replace(ServiceDescriptor.Singleton<IProblemDetailsService, ApiErrorsProblemDetailsService>());

        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<MvcOptions>, ErrorMvcOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<ApiBehaviorOptions>, ErrorApiBehaviorOptionsSetup>());
        ExceptionClassificationServices.Add(services);
        ExceptionHandlingServices.Add(services);
        ApiValidationServices.Add(services);
        AccessServices.Add(services);
        ApiErrorDescriberServices.Add(services);
        return services;
    }
}
