using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>The MVC adapter of <see cref="QuotaGate"/>: runs for every action, acts on those declaring <see cref="RequireQuotaAttribute"/>.</summary>
internal sealed class QuotaActionFilter : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var gate = context.HttpContext.RequestServices.GetRequiredService<QuotaGate>();
        var reservation = await gate.FreezeAsync(context.HttpContext).ConfigureAwait(false);
        if (reservation is null)
        {
            await next().ConfigureAwait(false);
            return;
        }

        ActionExecutedContext executed;
        try
        {
            executed = await next().ConfigureAwait(false);
        }
        catch
        {
            await gate.SettleAsync(reservation, succeeded: false).ConfigureAwait(false);
            throw;
        }

        var failed = (executed.Exception is not null && !executed.ExceptionHandled) || executed.Result is ApiErrorResult;
        var status = executed.Result is IStatusCodeActionResult statusResult ? statusResult.StatusCode : null;
        await gate.SettleAsync(reservation, !failed && QuotaGate.Succeeded(status, context.HttpContext.Response)).ConfigureAwait(false);
    }
}
