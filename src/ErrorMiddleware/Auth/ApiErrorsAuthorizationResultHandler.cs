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

    /// <summary>Authorized requests pass straight through: no state machine of ours on the hot path.</summary>
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);

        return authorizeResult.Challenged || authorizeResult.Forbidden
            ? HandleFailureAsync(next, context, policy, authorizeResult)
            : _inner.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task HandleFailureAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var error = authorizeResult.Challenged
            ? await AuthorizationErrors.ForChallengeAsync(context, policy.AuthenticationSchemes).ConfigureAwait(false)
            : AuthorizationErrors.ForForbid(authorizeResult.AuthorizationFailure);

        await _inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        await AuthorizationErrors.WriteAfterChallengeAsync(context, error, writer, logger).ConfigureAwait(false);
    }
}
