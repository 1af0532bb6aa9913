using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>The minimal-API adapter of <see cref="QuotaGate"/>.</summary>
internal static class QuotaEndpointFilter
{
    public static async ValueTask<object?> InvokeAsync(QuotaGate gate, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var reservation = await gate.FreezeAsync(context.HttpContext).ConfigureAwait(false);
        if (reservation is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        object? result;
        try
        {
            result = await next(context).ConfigureAwait(false);
        }
        catch
        {
            await gate.SettleAsync(reservation, succeeded: false).ConfigureAwait(false);
            throw;
        }

        var status = result switch
        {
            ApiErrorResult => StatusCodes.Status500InternalServerError,
            IStatusCodeHttpResult statusResult => statusResult.StatusCode,
            _ => null,
        };
        await gate.SettleAsync(reservation, QuotaGate.Succeeded(status, context.HttpContext.Response)).ConfigureAwait(false);
        return result;
    }
}
