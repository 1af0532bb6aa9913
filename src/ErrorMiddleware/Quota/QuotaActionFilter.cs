using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace ErrorMiddleware;

/// <summary>
/// The MVC adapter of <see cref="QuotaGate"/>: runs for every action, acts on those declaring
/// <see cref="RequireQuotaAttribute"/>; the others get <c>next()</c> back as is.
/// </summary>
internal sealed class QuotaActionFilter(QuotaGate gate) : IAsyncActionFilter
{
    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next) =>
        QuotaGate.Applies(context.HttpContext)
            ? gate.RunAsync(context.HttpContext, next, static next => new ValueTask<ActionExecutedContext>(next()), static executed => ResultStatus(executed)).AsTask()
            : next();

    private static int? ResultStatus(ActionExecutedContext executed) =>
        (executed.Exception is not null && !executed.ExceptionHandled) || executed.Result is ApiErrorResult
            ? 500
            : (executed.Result as IStatusCodeActionResult)?.StatusCode;
}
