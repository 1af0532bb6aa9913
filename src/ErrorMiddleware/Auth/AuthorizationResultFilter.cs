using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ErrorMiddleware;

/// <summary>
/// Wraps MVC challenge and forbid results, including those of short-circuiting authorization filters (always-run
/// result filters see them), in <see cref="AuthorizationErrorActionResult"/>.
/// </summary>
internal sealed class AuthorizationResultFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public int Order => 0;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        context.Result = context.Result switch
        {
            ChallengeResult challenge => new AuthorizationErrorActionResult(challenge, challenge.AuthenticationSchemes, forbid: false),
            ForbidResult forbid => new AuthorizationErrorActionResult(forbid, forbid.AuthenticationSchemes, forbid: true),
            var other => other,
        };
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
