using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The minimal-API adapter of <see cref="QuotaGate"/>, in two parts: <see cref="InvokeAsync"/>, an endpoint filter,
/// freezes the cost once the arguments are bound (or returns the quota error as the endpoint's result, so the handler
/// never runs); <see cref="Wrap"/>, installed around the endpoint's whole request delegate, settles it after the
/// handler's result was executed, when the outcome of the response is known.
/// </summary>
internal static class QuotaEndpointFilter
{
    public static async ValueTask<object?> InvokeAsync(QuotaGate gate, EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        await gate.FreezeAsync(context.HttpContext).ConfigureAwait(false) is { } refused
            ? new ApiErrorHttpResult(refused)
            : await next(context).ConfigureAwait(false);

    /// <summary>
    /// The endpoint's request delegate (binding, filters, handler and the execution of its result) wrapped so that the
    /// request's charge is settled after it: released when it throws, else as <see cref="QuotaGate.SettleAsync(QuotaCharge, HttpContext, Exception?)"/> decides.
    /// </summary>
    public static RequestDelegate Wrap(QuotaGate gate, RequestDelegate endpoint) => context =>
        gate.Track(context) is { } charge ? RunAsync(charge, context, endpoint) : endpoint(context);

    private static async Task RunAsync(QuotaCharge charge, HttpContext context, RequestDelegate endpoint)
    {
        try
        {
            await endpoint(context).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            await QuotaGate.SettleAsync(charge, context, failure).ConfigureAwait(false);
            throw;
        }

        await QuotaGate.SettleAsync(charge, context, failure: null).ConfigureAwait(false);
    }
}
