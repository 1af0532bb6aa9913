using ErrorMiddleware.Quota.PostgreSql;

namespace SampleApi.Infrastructure;

/// <summary>
/// With <c>Quota:Store=PostgreSql</c>: at startup, creates the ledger's schema (unless <c>Quota:EnsureSchema</c> is
/// false) and the demo accounts that do not exist yet. An existing account is left alone, so that starting another
/// instance, or restarting one, never resets a balance the fleet has been spending.
/// </summary>
internal sealed class SampleLedgerSetup(PostgreSqlQuotaService ledger, SampleAccounts accounts, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue("Quota:EnsureSchema", true))
        {
            await ledger.EnsureSchemaAsync(cancellationToken);
        }

        foreach (var (accountId, balance, resourcePack) in accounts.Seeds())
        {
            await ledger.EnsureAccountAsync(accountId, balance, resourcePack, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
