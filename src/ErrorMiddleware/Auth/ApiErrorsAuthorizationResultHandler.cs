using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// Wraps the framework's <see cref="AuthorizationMiddlewareResultHandler"/>: the schemes' challenge or forbid still
/// runs (so <c>WWW-Authenticate</c> and similar headers are kept), then the documented error is written in the
/// request's dialect, unless the scheme wrote its own response.
/// </summary>
internal sealed class ApiErrorsAuthorizationResultHandler(ErrorResponseWriter writer, ILogger<ApiErrorsAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);

        ApiError? error = null;
        if (authorizeResult.Challenged)
        {
            error = await AuthorizationErrors.ForChallengeAsync(context, policy.AuthenticationSchemes).ConfigureAwait(false);
        }
        else if (authorizeResult.Forbidden)
        {
            error = AuthorizationErrors.ForForbid(authorizeResult.AuthorizationFailure);
        }

        await _inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);

        if (error is null)
        {
            return;
        }

        if (AuthorizationErrors.CanWriteAfterChallenge(context.Response))
        {
            await writer.WriteAsync(context, error).ConfigureAwait(false);
        }
        else
        {
            ErrorMiddlewareLog.AuthorizationAnsweredByScheme(logger, context.Response.StatusCode);
        }
    }
}
