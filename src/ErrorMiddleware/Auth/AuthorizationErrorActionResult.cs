using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// An MVC <see cref="ChallengeResult"/> or <see cref="ForbidResult"/> (from a global <c>AuthorizeFilter</c>, which never
/// reaches <see cref="Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler"/>, or returned by an
/// action): runs it, then writes the documented error like <see cref="ApiErrorsAuthorizationResultHandler"/>.
/// </summary>
internal sealed class AuthorizationErrorActionResult(IActionResult inner, IList<string> schemes, bool forbid) : IActionResult
{
    public IActionResult Inner { get; } = inner;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var httpContext = context.HttpContext;
        var error = forbid
            ? AuthorizationErrors.ForForbid(null)
            : await AuthorizationErrors.ForChallengeAsync(httpContext, schemes).ConfigureAwait(false);

        await Inner.ExecuteResultAsync(context).ConfigureAwait(false);
        var services = httpContext.RequestServices;
        await AuthorizationErrors.WriteAfterChallengeAsync(
            httpContext,
            error,
            services.GetRequiredService<ErrorResponseWriter>(),
            services.GetRequiredService<ILogger<AuthorizationErrorActionResult>>()).ConfigureAwait(false);
    }
}
