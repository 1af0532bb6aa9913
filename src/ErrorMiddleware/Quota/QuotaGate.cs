using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// The one piece of code behind <see cref="RequireQuotaAttribute"/>, shared by the minimal-API endpoint filter and the
/// MVC action filter: reads the endpoint's cost, freezes it (or throws the documented quota error), and settles the
/// reservation once the handler's outcome is known.
/// </summary>
internal sealed class QuotaGate(IQuotaService service, ILogger<QuotaGate> logger)
{
    private static readonly object s_appliedKey = new();

    /// <summary>Whether the request's endpoint declares a cost: when not, the adapters skip the gate altogether.</summary>
    public static bool Applies(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RequireQuotaAttribute>() is not null;

    /// <summary>
    /// The sequence both adapters run: freezes the cost, runs the handler, then commits the reservation when the handler
    /// succeeded (see <see cref="Succeeded"/>, given the status <paramref name="resultStatus"/> reads from its result)
    /// and releases it when it failed or threw.
    /// </summary>
    public async ValueTask<TResult> RunAsync<TState, TResult>(
        HttpContext context,
        TState state,
        Func<TState, ValueTask<TResult>> next,
        Func<TResult, int?> resultStatus)
    {
        var reservation = await FreezeAsync(context).ConfigureAwait(false);
        if (reservation is null)
        {
            return await next(state).ConfigureAwait(false);
        }

        TResult result;
        try
        {
            result = await next(state).ConfigureAwait(false);
        }
        catch
        {
            await SettleAsync(reservation, succeeded: false).ConfigureAwait(false);
            throw;
        }

        await SettleAsync(reservation, Succeeded(resultStatus(result), context.Response)).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Freezes the endpoint's cost. Returns <see langword="null"/> when the endpoint declares none, or when an outer
    /// filter (a group's) already froze it for this request.
    /// </summary>
    /// <exception cref="QuotaExceededException">The balance does not cover the cost.</exception>
    /// <exception cref="NoBalanceException">The account has no balance and no resource pack.</exception>
    public async ValueTask<QuotaReservation?> FreezeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var requirement = endpoint?.Metadata.GetMetadata<RequireQuotaAttribute>();
        if (requirement is null || !context.Items.TryAdd(s_appliedKey, requirement))
        {
            return null;
        }

        var user = context.User;
        var accountId = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? (user.Identity?.IsAuthenticated == true ? user.Identity.Name : null);
        var action = endpoint!.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText
            ?? context.Request.Path.Value
            ?? "/";

        var result = await service.FreezeAsync(
            new QuotaFreezeContext { HttpContext = context, AccountId = accountId, Cost = requirement.Cost, Action = action },
            context.RequestAborted).ConfigureAwait(false);

        if (result.Status == QuotaFreezeStatus.Frozen)
        {
            var reservation = result.Reservation ?? throw new InvalidOperationException("IQuotaService.FreezeAsync returned Frozen without a reservation.");
            ErrorMiddlewareLog.QuotaFrozen(logger, reservation.Cost, reservation.AccountId, action, reservation.Id);
            return reservation;
        }

        ErrorMiddlewareLog.QuotaRefused(logger, requirement.Cost, action, result.Status);
        return result.Status switch
        {
            QuotaFreezeStatus.NoBalance => throw new NoBalanceException
            {
                Details = new Dictionary<string, object?>(2, StringComparer.Ordinal)
                {
                    ["CustomerId"] = accountId ?? "anonymous",
                    ["Action"] = action,
                },
            },
            _ => throw new QuotaExceededException(),
        };
    }

    /// <summary>Commits the reservation when the handler succeeded, releases it otherwise. Not cancelled by the client going away.</summary>
    public async ValueTask SettleAsync(QuotaReservation reservation, bool succeeded)
    {
        if (succeeded)
        {
            await service.CommitAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            ErrorMiddlewareLog.QuotaSettled(logger, reservation.Id, "committed");
        }
        else
        {
            await service.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            ErrorMiddlewareLog.QuotaSettled(logger, reservation.Id, "released");
        }
    }

    /// <summary>Whether a handler's outcome is a success: no error status on its result or on the response.</summary>
    public static bool Succeeded(int? resultStatus, HttpResponse response) =>
        resultStatus is null or < 400 && response.StatusCode < 400;
}
