using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Quota.PostgreSql;

/// <summary>
/// Gives back lapsed reservations every <see cref="PostgreSqlQuotaOptions.SweepInterval"/>, so that the freezes of an
/// instance that died are returned even on accounts nobody uses again. A failed sweep is logged and retried later.
/// </summary>
internal sealed class PostgreSqlQuotaSweeper(
    PostgreSqlQuotaService service,
    IOptions<PostgreSqlQuotaOptions> options,
    TimeProvider time,
    ILogger<PostgreSqlQuotaSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.SweepInterval is not { } interval || interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var count = await service.SweepAsync(stoppingToken).ConfigureAwait(false);
                if (count > 0)
                {
                    PostgreSqlQuotaLog.Swept(logger, count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the host keeps running: the next tick tries again.
                PostgreSqlQuotaLog.SweepFailed(logger, ex);
            }
        }
    }
}
