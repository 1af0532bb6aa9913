using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// The one piece of code behind <see cref="RequireQuotaAttribute"/>, shared by the minimal-API and MVC adapters: reads
/// the endpoint's cost, freezes it (or returns the documented quota error for the adapter to answer with), and settles
/// the reservation once the endpoint's response was produced.
/// </summary>
/// <remarks>
/// Where the line is: the cost is committed only when the endpoint's result has been executed (its body handed to the
/// server) without an exception, the response status is below 400 and the client has not gone away; it is released
/// otherwise. For a streamed response (Server-Sent Events, <c>IAsyncEnumerable</c>, a body written by hand) that is
/// after the last byte was written: a stream that throws or is cut off half-way is released, never charged. Bytes
/// still in the server's buffers when the client disconnects after that point are charged.
/// </remarks>
internal sealed class QuotaGate(IQuotaService service, IOptions<ApiErrorsOptions> options, ILogger<QuotaGate> logger)
{
    /// <summary>The registered claim name of a JWT's subject, as JwtBearer keeps it with <c>MapInboundClaims = false</c>.</summary>
    private const string SubjectClaimType = "sub";

    private static readonly object s_appliedKey = new();

    private readonly string? _accountClaimType = options.Value.QuotaAccountClaimType;

    /// <summary>Whether the request's endpoint declares a cost: when not, the adapters skip the gate altogether.</summary>
    public static bool Applies(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RequireQuotaAttribute>() is not null;

    /// <summary>
    /// Starts tracking the request's charge and returns it for the caller to settle, or <see langword="null"/> when an
    /// outer adapter (a group's, or the endpoint wrapper around an MVC action) already tracks it.
    /// </summary>
    public QuotaCharge? Track(HttpContext context)
    {
        if (context.Features.Get<QuotaCharge>() is not null)
        {
            return null;
        }

        var charge = new QuotaCharge(this);
        context.Features.Set(charge);
        context.Response.RegisterForDisposeAsync(charge);
        return charge;
    }

    /// <summary>
    /// Settles <paramref name="charge"/> once the endpoint's response was produced: commits when it ran to the end
    /// (<paramref name="failure"/> is <see langword="null"/>) with a success status and the client still there, else
    /// releases. See the remarks of <see cref="QuotaGate"/>.
    /// </summary>
    public static ValueTask SettleAsync(QuotaCharge charge, HttpContext context, Exception? failure) =>
        charge.SettleAsync(failure is null && context.Response.StatusCode < StatusCodes.Status400BadRequest && !context.RequestAborted.IsCancellationRequested);

    /// <summary>
    /// Freezes the endpoint's cost. Returns <see langword="null"/> when the cost was frozen (the reservation is held by
    /// the request's <see cref="QuotaCharge"/>), when the endpoint declares none, or when an outer filter (a group's)
    /// already froze it for this request; otherwise the error to answer with instead of running the handler:
    /// <see cref="ErrorKind.QuotaExceeded"/> when the balance does not cover the cost, <see cref="ErrorKind.NoBalance"/>
    /// when the account has no balance and no resource pack.
    /// </summary>
    public async ValueTask<ApiError?> FreezeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var requirement = endpoint?.Metadata.GetMetadata<RequireQuotaAttribute>();
        if (requirement is null || !context.Items.TryAdd(s_appliedKey, requirement))
        {
            return null;
        }

        var accountId = AccountOf(context.User);
        var action = endpoint!.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText
            ?? context.Request.Path.Value
            ?? "/";

        // Tracked before the freeze, so that a reservation can never be left without someone to settle it.
        var charge = context.Features.Get<QuotaCharge>() ?? Track(context)!;
        var result = await service.FreezeAsync(
            new QuotaFreezeContext { HttpContext = context, AccountId = accountId, Cost = requirement.Cost, Action = action },
            context.RequestAborted).ConfigureAwait(false);

        if (result.Status == QuotaFreezeStatus.Frozen)
        {
            var reservation = result.Reservation ?? throw new InvalidOperationException("IQuotaService.FreezeAsync returned Frozen without a reservation.");
            charge.Hold(reservation);
            ErrorMiddlewareLog.QuotaFrozen(logger, reservation.Cost, reservation.AccountId, action, reservation.Id);
            return null;
        }

        ErrorMiddlewareLog.QuotaRefused(logger, requirement.Cost, action, result.Status);
        return result.Status == QuotaFreezeStatus.NoBalance
            ? new ApiError
            {
                Kind = ErrorKind.NoBalance,
                Details = new Dictionary<string, object?>(2, StringComparer.Ordinal)
                {
                    ["CustomerId"] = accountId ?? "anonymous",
                    ["Action"] = action,
                },
            }
            : new ApiError { Kind = ErrorKind.QuotaExceeded };
    }

    /// <summary>The quota account of a user: see <see cref="ApiErrorsOptions.QuotaAccountClaimType"/>.</summary>
    internal string? AccountOf(ClaimsPrincipal user)
    {
        if (_accountClaimType is not null)
        {
            return NonEmpty(user.FindFirst(_accountClaimType)?.Value);
        }

        return NonEmpty(user.FindFirst(ClaimTypes.NameIdentifier)?.Value)
            ?? NonEmpty(user.FindFirst(SubjectClaimType)?.Value)
            ?? (user.Identity?.IsAuthenticated == true ? NonEmpty(user.Identity.Name) : null);

        static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// Commits the reservation when the request succeeded, releases it otherwise. Not cancelled by the client going away.
    /// Never throws: the response was already produced, so a settlement that fails (the ledger is down, the
    /// reservation is unknown) is logged (<c>QuotaSettleFailed</c>, Error) and never turned into an error for a request
    /// that completed — a client would retry a request whose work was done. A failed commit is followed by a release,
    /// so that the freeze does not outlive the request where the service can still free it; otherwise the service's
    /// lease does.
    /// </summary>
    public async ValueTask SettleAsync(QuotaReservation reservation, bool succeeded)
    {
        var commitFailed = false;
        if (succeeded)
        {
            try
            {
                await service.CommitAsync(reservation, CancellationToken.None).ConfigureAwait(false);
                ErrorMiddlewareLog.QuotaSettled(logger, reservation.Id, "committed");
                return;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                ErrorMiddlewareLog.QuotaSettleFailed(logger, reservation.Id, reservation.AccountId, "committed", failure);
                commitFailed = true;
            }
        }

        try
        {
            await service.ReleaseAsync(reservation, CancellationToken.None).ConfigureAwait(false);
            ErrorMiddlewareLog.QuotaSettled(logger, reservation.Id, "released");
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && !commitFailed)
        {
            ErrorMiddlewareLog.QuotaSettleFailed(logger, reservation.Id, reservation.AccountId, "released", failure);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // The commit's failure was logged: the service is down, and its lease frees the reservation.
            _ = failure;
        }
    }
}
