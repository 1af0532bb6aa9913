using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ErrorMiddleware.Quota.PostgreSql;

/// <summary>Registers the PostgreSQL quota ledger.</summary>
public static class PostgreSqlQuotaServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlQuotaService"/> as the application's <see cref="IQuotaService"/> (replacing the
    /// in-memory default, whether <c>AddApiErrors()</c> ran before or after) and its background sweep. The schema is not
    /// created: run <c>Schema.sql</c> or call <see cref="PostgreSqlQuotaService.EnsureSchemaAsync"/> at startup.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="PostgreSqlQuotaOptions.ConnectionString"/> is required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPostgreSqlQuota(this IServiceCollection services, Action<PostgreSqlQuotaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgreSqlQuotaOptions>()
            .Configure(configure)
            .Validate(static o => !string.IsNullOrWhiteSpace(o.ConnectionString), "PostgreSqlQuotaOptions.ConnectionString is required.")
            .Validate(static o => PostgreSqlQuotaService.IsValidSchemaName(o.SchemaName), "PostgreSqlQuotaOptions.SchemaName must be letters, digits and underscores, starting with a letter or an underscore.")
            .Validate(static o => o.ReservationTtl > TimeSpan.Zero, "PostgreSqlQuotaOptions.ReservationTtl must be positive.")
            .Validate(static o => o.RetryAfterWhenUnavailable > TimeSpan.Zero, "PostgreSqlQuotaOptions.RetryAfterWhenUnavailable must be positive.")
            .Validate(static o => o.CommandTimeout >= TimeSpan.FromSeconds(1), "PostgreSqlQuotaOptions.CommandTimeout must be at least 1 second.")
            .Validate(static o => o.SweepInterval is null || o.SweepInterval > TimeSpan.Zero, "PostgreSqlQuotaOptions.SweepInterval must be positive, or null to turn the sweep off.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgreSqlQuotaService>();
        services.RemoveAll<IQuotaService>();
        services.AddSingleton<IQuotaService>(static sp => sp.GetRequiredService<PostgreSqlQuotaService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlQuotaSweeper>());
        return services;
    }
}
