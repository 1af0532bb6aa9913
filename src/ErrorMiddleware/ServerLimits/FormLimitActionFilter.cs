using Microsoft.AspNetCore.Mvc.Filters;

namespace ErrorMiddleware;

/// <summary>
/// Answers an MVC action whose form was over a limit (<see cref="FormLimitExceeded"/>, recorded during model binding)
/// with the 413, before any other action filter (<c>[ApiController]</c>'s automatic 400 included) and the action run.
/// </summary>
internal sealed class FormLimitActionFilter : IActionFilter, IOrderedFilter
{
    /// <summary>Before every other action filter: the library's validation filter (-3100), <c>[ApiController]</c>'s (-3000, -2000).</summary>
    public int Order => -10_000;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.HttpContext.Features.Get<FormLimitExceeded>() is { } exceeded)
        {
            context.Result = new ApiErrorHttpResult(exceeded.Error);
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
