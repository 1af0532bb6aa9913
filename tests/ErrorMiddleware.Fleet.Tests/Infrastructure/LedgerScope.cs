using ErrorMiddleware.Quota.PostgreSql;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ErrorMiddleware.Fleet.Tests.Infrastructure;

/// <summary>A PostgreSQL quota ledger in a schema of its own, created for one test and dropped after it.</summary>
internal sealed class LedgerScope : IAsyncDisposable
{
    private LedgerScope(PostgreSqlQuotaService service, string schema, PostgreSqlQuotaOptions options, RecordingLoggerProvider logs)
    {
        Service = service;
        Schema = schema;
        Options = options;
        Logs = logs;
    }

    public PostgreSqlQuotaService Service { get; }

    public string Schema { get; }

    public PostgreSqlQuotaOptions Options { get; }

    public RecordingLoggerProvider Logs { get; }

    public static async Task<LedgerScope> CreateAsync(TimeSpan? ttl = null, string? connectionString = null)
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        var options = new PostgreSqlQuotaOptions
        {
            ConnectionString = connectionString ?? FleetServers.PostgreSqlConnection,
            SchemaName = schema,
            ReservationTtl = ttl ?? TimeSpan.FromMinutes(5),
        };
        var logs = new RecordingLoggerProvider();
        var service = new PostgreSqlQuotaService(Microsoft.Extensions.Options.Options.Create(options), logs.CreateLogger<PostgreSqlQuotaService>());
        await service.EnsureSchemaAsync();
        return new LedgerScope(service, schema, options, logs);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(FleetServers.PostgreSqlConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await using var connection = new NpgsqlConnection(FleetServers.PostgreSqlConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
