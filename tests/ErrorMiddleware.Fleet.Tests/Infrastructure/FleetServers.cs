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

    public static Task StartPostgreSqlAsync() => RunAsync("FLEET_PG_START");

    public static Task StopRedisAsync() => RunAsync("FLEET_REDIS_STOP");

    public static Task StartRedisAsync() => RunAsync("FLEET_REDIS_START");

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
