using System.Threading.RateLimiting;
using ErrorMiddleware;
using ErrorMiddleware.Quota.PostgreSql;
using ErrorMiddleware.RateLimiting.Redis;
using Microsoft.AspNetCore.RateLimiting;

namespace SampleApi.Infrastructure;

/// <summary>
/// Where the sample keeps its quota and rate-limit state. Without configuration, in memory (one instance, as before).
/// <c>Quota:Store=PostgreSql</c> with <c>Quota:ConnectionString</c> moves balances and freezes to a PostgreSQL ledger;
/// <c>RateLimiting:Store=Redis</c> with <c>RateLimiting:ConnectionString</c> moves the per-key windows and the GPU's
/// slots to Redis: every instance then shares them.
/// </summary>
internal static class SampleStores
{
    public const string InMemory = "InMemory";
    public const string PostgreSql = "PostgreSql";
    public const string Redis = "Redis";

    /// <summary>Registers the quota service named by <c>Quota:Store</c>.</summary>
    public static void AddQuotaStore(IServiceCollection services, IConfiguration configuration)
    {
        var store = Store(configuration, "Quota:Store", PostgreSql);
        if (store == InMemory)
        {
            services.AddSingleton(sp => sp.GetRequiredService<SampleAccounts>().CreateQuotaService());
            return;
        }

        var section = configuration.GetSection("Quota");
        services.AddPostgreSqlQuota(o =>
        {
            o.ConnectionString = Required(section, "ConnectionString");
            o.SchemaName = section["SchemaName"] ?? o.SchemaName;
            o.ReservationTtl = section.GetValue("ReservationTtl", o.ReservationTtl);
            o.SweepInterval = section.GetValue("SweepInterval", o.SweepInterval);
            o.RetryAfterWhenUnavailable = section.GetValue("RetryAfterWhenUnavailable", o.RetryAfterWhenUnavailable);
        });
        services.AddHostedService<SampleLedgerSetup>();
    }

    /// <summary>
    /// Registers the GPU pool and the rate-limiting policies (<c>per-key</c>: a fixed window per API key, sized by the
    /// key's account; <c>gpu</c>: the GPU's slots, marked as server overload) on the store named by <c>RateLimiting:Store</c>.
    /// </summary>
    public static void AddRateLimitStore(IServiceCollection services, IConfiguration configuration)
    {
        var fleet = Store(configuration, "RateLimiting:Store", Redis) == Redis;
        if (fleet)
        {
            var connectionString = Required(configuration.GetSection("RateLimiting"), "ConnectionString");
            services.AddRedisRateLimiting(o => o.ConnectionString = connectionString);
            services.AddSingleton(sp => new GpuPool(sp.GetRequiredService<RedisRateLimiters>().CreateConcurrency(SamplePolicies.Gpu, GpuPool.SlotCount(configuration))));
        }
        else
        {
            services.AddSingleton<GpuPool>();
        }

        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SamplePolicies.PerKey, context => ApiRateLimitPartition.PartitionByApiKey(context, key =>
            {
                var permits = context.RequestServices.GetRequiredService<SampleAccounts>().RequestsPerMinute(context.User);
                return fleet
                    ? context.RequestServices.GetRequiredService<RedisRateLimiters>().CreateFixedWindow(SamplePolicies.PerKey + ":" + key, permits, TimeSpan.FromMinutes(1))
                    : new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            }));
            o.SetRetryAfterFallback(SamplePolicies.PerKey, TimeSpan.FromMinutes(1));
            o.AddPolicy(SamplePolicies.Gpu, context => RateLimitPartition.Get(SamplePolicies.Gpu, _ => context.RequestServices.GetRequiredService<GpuPool>().Limiter))
                .MarkAsServerOverload(SamplePolicies.Gpu);
            o.SetRetryAfterFallback(SamplePolicies.Gpu, TimeSpan.FromSeconds(30));
        });
    }

    private static string Store(IConfiguration configuration, string key, string fleetStore)
    {
        var value = configuration[key];
        if (string.IsNullOrEmpty(value) || string.Equals(value, InMemory, StringComparison.OrdinalIgnoreCase))
        {
            return InMemory;
        }

        return string.Equals(value, fleetStore, StringComparison.OrdinalIgnoreCase)
            ? fleetStore
            : throw new InvalidOperationException($"{key} is '{value}': it must be '{InMemory}' (the default) or '{fleetStore}'.");
    }

    private static string Required(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{section.Path}:Store names a shared store but {section.Path}:{key} is not set.");
}
