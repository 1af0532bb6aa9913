using ErrorMiddleware.Fleet.Tests.Infrastructure;
using ErrorMiddleware.Quota.PostgreSql;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Fleet.Tests.Quota;

public sealed class PostgreSqlQuotaServiceTests
{
    [FleetFact]
    public async Task FreezeAsync_300ConcurrentFreezesFromThreeInstances_FreezeExactlyWhatTheAccountHolds()
    {
        // Arrange: three services (three pools, as three instances would have) on one ledger; 50 units.
        await using var ledger = await LedgerScope.CreateAsync(connectionString: FleetServers.PostgreSqlConnection + ";Maximum Pool Size=20");
        await ledger.Service.SetBalanceAsync("acct", 50);
        var instances = new[] { ledger.Service, NewService(ledger.Options), NewService(ledger.Options) };

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
            await instances[i % 3].FreezeAsync(Context("acct", 1), CancellationToken.None))));
        var frozen = results.Where(r => r.Status == QuotaFreezeStatus.Frozen).ToList();
        await Task.WhenAll(frozen.Select(r => instances[1].CommitAsync(r.Reservation!, CancellationToken.None).AsTask()));

        // Assert
        Assert.Equal(50, frozen.Count);
        // Every refusal happened while the account still held 50 (commits come after all freezes): the balance does not
        // cover the cost, which is not "no balance".
        Assert.Equal(250, results.Count(r => r.Status == QuotaFreezeStatus.InsufficientBalance));
        Assert.Equal(0, await ledger.Service.GetTotalAsync("acct"));
        Assert.Equal(0, await ledger.ScalarAsync("SELECT frozen FROM {schema}.accounts WHERE account_id = 'acct'"));
        Assert.Equal(QuotaFreezeStatus.NoBalance, (await ledger.Service.FreezeAsync(Context("acct", 1), CancellationToken.None)).Status);
        foreach (var instance in instances.Skip(1))
        {
            await instance.DisposeAsync();
        }
    }

    [FleetFact]
    public async Task FreezeAsync_SameAccountsAsInMemory_SameOutcomes()
    {
        // Arrange: (balance, resource pack, already frozen, cost) on both services.
        await using var ledger = await LedgerScope.CreateAsync();
        var memory = new InMemoryQuotaService();
        (long Balance, long Pack, long Frozen, long Cost)[] cases =
        [
            (0, 0, 0, 1), (0, 0, 0, 0), (10, 0, 0, 10), (10, 0, 0, 11), (0, 5, 0, 5), (0, 5, 0, 6),
            (10, 5, 0, 15), (10, 5, 10, 6), (10, 0, 10, 1), (10, 0, 10, 0), (3, 0, 0, 0),
        ];

        for (var i = 0; i < cases.Length; i++)
        {
            var (balance, pack, alreadyFrozen, cost) = cases[i];
            var account = "acct-" + i;
            memory.SetBalance(account, balance, pack);
            await ledger.Service.SetBalanceAsync(account, balance, pack);
            if (alreadyFrozen > 0)
            {
                Assert.Equal(QuotaFreezeStatus.Frozen, (await memory.FreezeAsync(Context(account, alreadyFrozen), default)).Status);
                Assert.Equal(QuotaFreezeStatus.Frozen, (await ledger.Service.FreezeAsync(Context(account, alreadyFrozen), default)).Status);
            }

            // Act
            var expected = (await memory.FreezeAsync(Context(account, cost), default)).Status;
            var actual = (await ledger.Service.FreezeAsync(Context(account, cost), default)).Status;

            // Assert
            Assert.True(expected == actual, $"case {cases[i]}: in-memory {expected}, PostgreSQL {actual}");
        }

        Assert.Equal(QuotaFreezeStatus.NoBalance, (await ledger.Service.FreezeAsync(Context("nobody", 1), default)).Status);
        Assert.Equal(QuotaFreezeStatus.NoBalance, (await ledger.Service.FreezeAsync(Context(null, 1), default)).Status);
    }

    [FleetFact]
    public async Task CommitAsync_Retried_ChargesOnce()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 100);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;

        // Act
        await ledger.Service.CommitAsync(reservation, default);
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Equal(90, await ledger.Service.GetTotalAsync("acct"));
        Assert.Equal(90, await ledger.Service.GetAvailableAsync("acct"));
    }

    [FleetFact]
    public async Task ReleaseAsync_RetriedThenCommitted_GivesBackOnceAndRefusesTheCommit()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 100);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;

        // Act
        await ledger.Service.ReleaseAsync(reservation, default);
        await ledger.Service.ReleaseAsync(reservation, default);
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Equal(100, await ledger.Service.GetTotalAsync("acct"));
        Assert.Equal(100, await ledger.Service.GetAvailableAsync("acct"));
        Assert.Contains(ledger.Logs.Entries, e => e.EventName == "CommitAfterReleaseRefused");
    }

    [FleetFact]
    public async Task CommitAsync_AfterTheLeaseLapsed_IsRefusedLoggedAndChargesNothing()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync(ttl: TimeSpan.FromMilliseconds(500));
        await ledger.Service.SetBalanceAsync("acct", 100);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Act
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Equal(100, await ledger.Service.GetTotalAsync("acct"));
        Assert.Equal(0, await ledger.ScalarAsync("SELECT frozen FROM {schema}.accounts WHERE account_id = 'acct'"));
        Assert.Contains(ledger.Logs.Entries, e => e.EventName == "LateCommitRefused" && e.Message.Contains(reservation.Id, StringComparison.Ordinal));
    }

    [FleetFact]
    public async Task FreezeAsync_AfterAnotherInstanceDiedHoldingTheBalance_GetsItBackOnceTheTtlPassed()
    {
        // Arrange: an instance freezes all 20 units and dies (never settles).
        await using var ledger = await LedgerScope.CreateAsync(ttl: TimeSpan.FromMilliseconds(500));
        await ledger.Service.SetBalanceAsync("acct", 20);
        Assert.Equal(QuotaFreezeStatus.Frozen, (await ledger.Service.FreezeAsync(Context("acct", 20), default)).Status);
        var before = (await ledger.Service.FreezeAsync(Context("acct", 20), default)).Status;
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Act
        var after = await ledger.Service.FreezeAsync(Context("acct", 20), default);

        // Assert
        Assert.Equal(QuotaFreezeStatus.InsufficientBalance, before);
        Assert.Equal(QuotaFreezeStatus.Frozen, after.Status);
        Assert.Equal(1, await ledger.ScalarAsync("SELECT count(*) FROM {schema}.reservations WHERE state = 3"));
    }

    [FleetFact]
    public async Task SweepAsync_LapsedReservationsOfIdleAccounts_AreGivenBack()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync(ttl: TimeSpan.FromMilliseconds(300));
        await ledger.Service.SetBalanceAsync("a", 10);
        await ledger.Service.SetBalanceAsync("b", 10);
        await ledger.Service.FreezeAsync(Context("a", 4), default);
        await ledger.Service.FreezeAsync(Context("b", 6), default);
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        // Act
        var swept = await ledger.Service.SweepAsync();

        // Assert
        Assert.Equal(2, swept);
        Assert.Equal(0, await ledger.ScalarAsync("SELECT sum(frozen) FROM {schema}.accounts"));
        Assert.Equal(0, await ledger.Service.SweepAsync());
    }

    [FleetFact]
    public async Task CommitAsync_AccountWithResourcePack_ChargesThePackFirst()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 100, resourcePack: 5);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;

        // Act
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Equal(0, await ledger.ScalarAsync("SELECT resource_pack FROM {schema}.accounts WHERE account_id = 'acct'"));
        Assert.Equal(95, await ledger.ScalarAsync("SELECT balance FROM {schema}.accounts WHERE account_id = 'acct'"));
    }

    [FleetFact]
    public async Task EnsureAccountAsync_ExistingAccount_IsLeftAsItIs()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        var created = await ledger.Service.EnsureAccountAsync("acct", 100);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 30), default)).Reservation!;
        await ledger.Service.CommitAsync(reservation, default);

        // Act
        var again = await ledger.Service.EnsureAccountAsync("acct", 100);

        // Assert
        Assert.True(created);
        Assert.False(again);
        Assert.Equal(70, await ledger.Service.GetTotalAsync("acct"));
    }

    [FleetFact]
    public async Task EnsureSchemaAsync_FromSeveralInstancesAtOnce_Succeeds()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => NewService(ledger.Options)).ToList();

        // Act
        await Task.WhenAll(instances.Select(i => i.EnsureSchemaAsync()));

        // Assert
        await ledger.Service.SetBalanceAsync("acct", 1);
        Assert.Equal(1, await instances[0].GetTotalAsync("acct"));
        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }

    [FleetFact]
    public async Task SetBalanceAsync_BelowWhatIsFrozen_IsRefusedAndTheCommitStillSucceeds()
    {
        // Arrange: 10 of 10 frozen.
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 10);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;

        // Act
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.Service.SetBalanceAsync("acct", 5));
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Contains("10 frozen", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ledger.Service.GetTotalAsync("acct"));
        await ledger.Service.SetBalanceAsync("acct", 5);
        Assert.Equal(5, await ledger.Service.GetTotalAsync("acct"));
    }

    [FleetFact]
    public async Task CommitAsync_BalanceLoweredBelowFrozenByADirectWrite_ChargesWhatIsLeftWithoutFailing()
    {
        // Arrange: billing code writes quota.accounts itself, below the 10 frozen.
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 10);
        var reservation = (await ledger.Service.FreezeAsync(Context("acct", 10), default)).Reservation!;
        await ledger.ScalarAsync("UPDATE {schema}.accounts SET balance = 4 WHERE account_id = 'acct'");

        // Act
        await ledger.Service.CommitAsync(reservation, default);

        // Assert
        Assert.Equal(0, await ledger.Service.GetTotalAsync("acct"));
        Assert.Equal(0, await ledger.ScalarAsync("SELECT frozen FROM {schema}.accounts WHERE account_id = 'acct'"));
    }

    [FleetFact]
    public async Task FreezeAsync_DatabaseDefaultIsSerializable_ConcurrentFreezesStillExact()
    {
        // Arrange: the database's default isolation is raised (a PgBouncer or DBA setting); 20 units, 60 freezes of 1.
        await using var ledger = await LedgerScope.CreateAsync(connectionString: FleetServers.PostgreSqlConnection + ";Options=-c default_transaction_isolation=serializable");
        await ledger.Service.SetBalanceAsync("acct", 20);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(async () =>
            await ledger.Service.FreezeAsync(Context("acct", 1), CancellationToken.None))));
        var frozen = results.Where(r => r.Status == QuotaFreezeStatus.Frozen).ToList();
        await Task.WhenAll(frozen.Select(r => ledger.Service.CommitAsync(r.Reservation!, CancellationToken.None).AsTask()));

        // Assert
        Assert.Equal(20, frozen.Count);
        Assert.Equal(40, results.Count(r => r.Status == QuotaFreezeStatus.InsufficientBalance));
        Assert.Equal(0, await ledger.Service.GetTotalAsync("acct"));
    }

    [FleetFact]
    public async Task CommitAndRelease_UnknownReservation_LogAWarningAndChangeNothing()
    {
        // Arrange
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 10);
        var unknown = new QuotaReservation { Id = Guid.NewGuid().ToString("D"), AccountId = "acct", Cost = 3 };
        var notAnId = new QuotaReservation { Id = "r1", AccountId = "acct", Cost = 3 };

        // Act
        await ledger.Service.CommitAsync(unknown, default);
        await ledger.Service.ReleaseAsync(unknown, default);
        await ledger.Service.CommitAsync(notAnId, default);

        // Assert
        Assert.Equal(3, ledger.Logs.Entries.Count(e => e.EventName == "UnknownReservation" && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.Equal(10, await ledger.Service.GetTotalAsync("acct"));
    }

    [FleetFact]
    public async Task SchemaScript_RunWithTheCommandItsHeaderDocuments_CreatesTheLedger()
    {
        // Arrange: the command line of Schema.sql's header, for a schema of this test's own.
        var path = Path.Combine(AppContext.BaseDirectory, "Schema.sql");
        var header = File.ReadLines(path).TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)).ToList();
        var documented = header.Select(l => l.TrimStart('-', ' ')).Single(l => l.Contains("psql", StringComparison.Ordinal) && l.Contains("Schema.sql", StringComparison.Ordinal) && !l.StartsWith("Run", StringComparison.Ordinal));
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        var psql = Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).Last();
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(FleetServers.PostgreSqlConnection);
        var command = documented.Replace("quota", schema, StringComparison.Ordinal).Replace("Schema.sql", $"'{path}'", StringComparison.Ordinal)
            .Replace("psql ", $"'{psql}' -h {connection.Host} -p {connection.Port} -U {connection.Username} -d {connection.Database} ", StringComparison.Ordinal);

        // Act
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        // Assert
        try
        {
            Assert.True(process.ExitCode == 0, $"{command}: {errors}");
            await using var service = NewService(new PostgreSqlQuotaOptions { ConnectionString = FleetServers.PostgreSqlConnection, SchemaName = schema });
            await service.SetBalanceAsync("acct", 5);
            Assert.Equal(QuotaFreezeStatus.Frozen, (await service.FreezeAsync(Context("acct", 5), default)).Status);
        }
        finally
        {
            await using var drop = new Npgsql.NpgsqlConnection(FleetServers.PostgreSqlConnection);
            await drop.OpenAsync();
            await using var sql = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", drop);
            await sql.ExecuteNonQueryAsync();
        }
    }

    [FleetFact]
    public async Task SweepAsync_AnAccountLockedByAnotherCall_IsSkippedNotWaitedFor()
    {
        // Arrange: two accounts with a lapsed freeze each; another transaction holds the first account's row.
        await using var ledger = await LedgerScope.CreateAsync(ttl: TimeSpan.FromMilliseconds(200));
        await ledger.Service.SetBalanceAsync("busy", 10);
        await ledger.Service.SetBalanceAsync("idle", 10);
        await ledger.Service.FreezeAsync(Context("busy", 4), default);
        await ledger.Service.FreezeAsync(Context("idle", 4), default);
        await Task.Delay(500);
        await using var holder = new Npgsql.NpgsqlConnection(FleetServers.PostgreSqlConnection);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"SELECT 1 FROM {ledger.Schema}.accounts WHERE account_id = 'busy' FOR UPDATE", holder, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        // Act
        var swept = await ledger.Service.SweepAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await transaction.RollbackAsync();

        // Assert
        Assert.Equal(1, swept);
        Assert.Equal(0, await ledger.ScalarAsync("SELECT frozen FROM {schema}.accounts WHERE account_id = 'idle'"));
        Assert.Equal(4, await ledger.ScalarAsync("SELECT frozen FROM {schema}.accounts WHERE account_id = 'busy'"));
    }

    [FleetFact]
    public async Task FreezeAsync_DatabaseHangsOnTheAccount_Answers500001AfterTheCommandTimeout()
    {
        // Arrange: another transaction holds the account's row, as a hung database would; a 1 s command timeout.
        await using var ledger = await LedgerScope.CreateAsync();
        await ledger.Service.SetBalanceAsync("acct", 10);
        await using var service = NewService(new PostgreSqlQuotaOptions
        {
            ConnectionString = ledger.Options.ConnectionString,
            SchemaName = ledger.Schema,
            CommandTimeout = TimeSpan.FromSeconds(1),
        });
        await using var holder = new Npgsql.NpgsqlConnection(FleetServers.PostgreSqlConnection);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new Npgsql.NpgsqlCommand($"SELECT 1 FROM {ledger.Schema}.accounts WHERE account_id = 'acct' FOR UPDATE", holder, transaction))
        {
            await lockRow.ExecuteNonQueryAsync();
        }

        // Act
        var started = System.Diagnostics.Stopwatch.StartNew();
        var exception = await Assert.ThrowsAsync<ApiException>(async () => await service.FreezeAsync(Context("acct", 1), default));
        started.Stop();
        await transaction.RollbackAsync();

        // Assert
        Assert.Equal(ErrorKind.ServiceUnavailable, exception.Kind);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AddPostgreSqlQuota_SweepIntervalNotPositive_FailsValidation(int seconds)
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddPostgreSqlQuota(o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Port=1";
            o.SweepInterval = TimeSpan.FromSeconds(seconds);
        });
        using var provider = services.BuildServiceProvider();

        // Act + Assert
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlQuotaOptions>>().Value);
        Assert.Contains("SweepInterval", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreezeAsync_DatabaseUnreachable_ThrowsServiceUnavailableWithRetryAfter()
    {
        // Arrange: nothing listens on port 1.
        await using var service = NewService(new PostgreSqlQuotaOptions
        {
            ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=2",
            RetryAfterWhenUnavailable = TimeSpan.FromSeconds(7),
        });

        // Act
        var exception = await Assert.ThrowsAsync<ApiException>(async () => await service.FreezeAsync(Context("acct", 1), default));

        // Assert
        Assert.Equal(ErrorKind.ServiceUnavailable, exception.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), exception.RetryAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("quota; DROP TABLE x")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    public void GetSchemaScript_NameThatIsNotAPlainIdentifier_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => PostgreSqlQuotaService.GetSchemaScript(name));

    [Fact]
    public void GetSchemaScript_DefaultName_FillsEveryPlaceholder()
    {
        // Act
        var script = PostgreSqlQuotaService.GetSchemaScript();

        // Assert
        Assert.DoesNotContain("{schema}", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS quota.accounts", script, StringComparison.Ordinal);
    }

    private static PostgreSqlQuotaService NewService(PostgreSqlQuotaOptions options) =>
        new(Options.Create(options), NullLogger<PostgreSqlQuotaService>.Instance);

    private static QuotaFreezeContext Context(string? account, long cost) =>
        new() { HttpContext = new DefaultHttpContext(), AccountId = account, Cost = cost, Action = "test" };
}
