using System.Diagnostics;

namespace ErrorMiddleware.Fleet.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL and Redis servers started by <c>.ci/run</c> (see <c>.ci/fleet-servers.sh</c>), described by
/// environment variables: connection strings, and shell commands that stop and start each server.
/// </summary>
internal static class FleetServers
{
    public const string SkipReason =
        "Fleet tests need a PostgreSQL and a Redis server: FLEET_PG_CONNECTION and FLEET_REDIS_CONNECTION are not set. " +
        "Run `bash .ci/run` (it starts both), or `source .ci/fleet-servers.sh && fleet_servers_start` before `dotnet test`.";

    public static string? PostgreSqlConnection => Environment.GetEnvironmentVariable("FLEET_PG_CONNECTION");

    public static string? RedisConnection => Environment.GetEnvironmentVariable("FLEET_REDIS_CONNECTION");

    public static bool Available =>
        !string.IsNullOrEmpty(PostgreSqlConnection) && !string.IsNullOrEmpty(RedisConnection)
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FLEET_PG_STOP"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FLEET_REDIS_STOP"));

    public static Task StopPostgreSqlAsync() => RunAsync("FLEET_PG_STOP");

    /// <summary>Starts PostgreSQL and checks it answers a query: a server that did not come back fails loudly here.</summary>
    public static async Task StartPostgreSqlAsync()
    {
        await RunAsync("FLEET_PG_START");
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(PostgreSqlConnection);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    /// <summary>Whether PostgreSQL answers at all (after a test that stopped it failed half-way, it may not).</summary>
    public static async Task<bool> PostgreSqlAnswersAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(PostgreSqlConnection);
            await connection.OpenAsync();
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    public static Task StopRedisAsync() => RunAsync("FLEET_REDIS_STOP");

    /// <summary>Starts Redis and checks it answers PING: a server that did not come back fails loudly here.</summary>
    public static async Task StartRedisAsync()
    {
        await RunAsync("FLEET_REDIS_START");
        for (var i = 0; ; i++)
        {
            try
            {
                await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisConnection + ",connectTimeout=1000");
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (StackExchange.Redis.RedisConnectionException) when (i < 30)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task RunAsync(string variable)
    {
        var command = Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set.");
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"bash could not run {variable}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{variable} ({command}) exited with {process.ExitCode}.");
    }
}
