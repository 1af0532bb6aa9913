using ErrorMiddleware.Fleet.Tests.Infrastructure;
using ErrorMiddleware.Quota.PostgreSql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ErrorMiddleware.Fleet.Tests.Fleet;

/// <summary>
/// Three SampleApi processes on 127.0.0.1 sharing one PostgreSQL ledger (a schema of its own) and one Redis, with
/// the accounts the fleet tests spend. Nothing is started when the servers are absent (the tests are skipped).
/// </summary>
public sealed class SampleFleetFixture : IAsyncLifetime
{
    public const long TaskCost = 10;

    /// <summary>
    /// How long a freeze lives in these instances: short, so that the kill -9 test sees it lapse, but longer than any
    /// request of a loaded CI machine. 10 s was not: with the machine's two cores saturated, some of 300 concurrent
    /// requests outlived their freeze, which (as documented) let others freeze the same money and refused the late
    /// commits, so more than 50 answered 200.
    /// </summary>
    public static readonly TimeSpan ReservationTtl = TimeSpan.FromSeconds(30);

    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(90) };

    internal List<SampleProcess> Instances { get; } = [];

    public string Schema => "fleet_" + _tag;

    /// <summary>Funded for exactly 50 tasks.</summary>
    public string Funded50 => "acct-fifty-" + _tag;

    /// <summary>Funded for 10 tasks; its freezes are held by the instance that gets killed.</summary>
    public string Killed => "acct-killed-" + _tag;

    /// <summary>12 requests a minute, fleet-wide.</summary>
    public string Limited => "acct-limited-" + _tag;

    public const int LimitedPerMinute = 12;

    /// <summary>Plenty of balance, for the outage test.</summary>
    public string Outage => "acct-outage-" + _tag;

    internal PostgreSqlQuotaService Ledger { get; private set; } = null!;

    public static string KeyOf(string account) => "sk-" + account;

    public async Task InitializeAsync()
    {
        if (!FleetServers.Available)
        {
            return;
        }

        Ledger = new PostgreSqlQuotaService(
            Options.Create(new PostgreSqlQuotaOptions { ConnectionString = FleetServers.PostgreSqlConnection, SchemaName = Schema }),
            NullLogger<PostgreSqlQuotaService>.Instance);
        var starting = Enumerable.Range(0, 3).Select(_ => SampleProcess.StartAsync(Environment(), Http)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // One start failed: stop those that did start rather than leave them running.
            foreach (var start in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }

        Instances.AddRange(starting.Select(t => t.Result));
    }

    /// <summary>Replaces a dead instance by a new one, as an orchestrator would.</summary>
    internal async Task RestartAsync(int index)
    {
        await Instances[index].DisposeAsync();
        Instances[index] = await SampleProcess.StartAsync(Environment(), Http);
    }

    internal async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(FleetServers.PostgreSqlConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        Http.Dispose();
        if (Ledger is not null)
        {
            await Ledger.DisposeAsync();
            if (!await FleetServers.PostgreSqlAnswersAsync())
            {
                // A test that stopped it failed before its own restart: bring it back for the tests still to run, or fail.
                await FleetServers.StartPostgreSqlAsync();
            }

            await ScalarAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        }
    }

    private Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Quota__Store"] = "PostgreSql",
            ["Quota__ConnectionString"] = FleetServers.PostgreSqlConnection + ";Maximum Pool Size=30",
            ["Quota__SchemaName"] = Schema,
            ["Quota__ReservationTtl"] = ReservationTtl.ToString(),
            ["Quota__SweepInterval"] = "00:00:01",
            ["Quota__RetryAfterWhenUnavailable"] = "00:00:05",
            ["RateLimiting__Store"] = "Redis",
            ["RateLimiting__ConnectionString"] = FleetServers.RedisConnection!,
        };
        (string Account, long Balance, int PerMinute)[] accounts =
        [
            (Funded50, 50 * TaskCost, 100_000),
            (Killed, 10 * TaskCost, 100_000),
            (Limited, 0, LimitedPerMinute),
            (Outage, 1_000_000, 100_000),
        ];
        for (var i = 0; i < accounts.Length; i++)
        {
            var (account, balance, perMinute) = accounts[i];
            environment[$"ApiKeys__{8 + i}__Key"] = KeyOf(account);
            environment[$"ApiKeys__{8 + i}__Owner"] = account;
            environment[$"Accounts__{account}__Balance"] = balance.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment[$"Accounts__{account}__RequestsPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }
}
