using ErrorMiddleware.Fleet.Tests.Infrastructure;
using ErrorMiddleware.Quota.PostgreSql;
using Microsoft.AspNetCore.Http;
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
        Assert.Equal(250, results.Count(r => r.Status is QuotaFreezeStatus.InsufficientBalance or QuotaFreezeStatus.NoBalance));
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
