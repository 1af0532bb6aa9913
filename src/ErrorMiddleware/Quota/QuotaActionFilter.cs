using Microsoft.AspNetCore.Mvc.Filters;

namespace ErrorMiddleware;

/// <summary>
/// The MVC adapter of <see cref="QuotaGate"/>: runs for every action, acts on those declaring
/// <see cref="RequireQuotaAttribute"/>; the others get <c>next()</c> back as is. As an action filter it freezes the cost
/// once model binding and validation passed (or answers the quota error as the action's result, so the action never
/// runs); as a resource filter, around everything including the execution of the action's result, it settles it.
/// </summary>
internal sealed class QuotaActionFilter(QuotaGate gate) : IAsyncActionFilter, IAsyncResourceFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) =>
        QuotaGate.Applies(context.HttpContext) ? FreezeAsync(context, next) : next();

    public Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next) =>
        QuotaGate.Applies(context.HttpContext) && gate.Track(context.HttpContext) is { } charge ? SettleAfterAsync(charge, context, next) : next();

    private async Task FreezeAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (await gate.FreezeAsync(context.HttpContext).ConfigureAwait(false) is { } refused)
        {
            context.Result = new ApiErrorHttpResult(refused);
            return;
        }

        await next().ConfigureAwait(false);
    }

    private static async Task SettleAfterAsync(QuotaCharge charge, ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        Exception? failure;
        try
        {
            var executed = await next().ConfigureAwait(false);
            failure = executed.ExceptionHandled ? null : executed.Exception;
        }
        catch (Exception thrown)
        {
            await QuotaGate.SettleAsync(charge, context.HttpContext, thrown).ConfigureAwait(false);
            throw;
        }

        await QuotaGate.SettleAsync(charge, context.HttpContext, failure).ConfigureAwait(false);
    }
}
