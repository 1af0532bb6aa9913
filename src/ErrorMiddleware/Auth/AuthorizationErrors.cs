using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// The one place that decides which error a challenge or a forbid becomes, whatever the authentication scheme:
/// the library's API-key scheme left its error on the request (<see cref="ApiKeyAuthenticationFailure"/>: invalid,
/// disabled or frozen key), which is taken as is; for another scheme, no result → <see cref="ErrorKind.AuthenticationMissing"/>,
/// a failure carrying an <see cref="ApiException"/> → that exception's error, any other failure →
/// <see cref="ErrorKind.AuthenticationInvalid"/>; a forbid → <see cref="ErrorKind.Forbidden"/>.
/// </summary>
internal static class AuthorizationErrors
{
    /// <summary>
    /// The error of a challenge of <paramref name="schemes"/> (the default authenticate scheme when empty): the first
    /// scheme, in order, that failed decides. An API-key scheme's failure is read from the request; other schemes are
    /// asked for their result, which the framework cached when it authenticated them for the policy.
    /// </summary>
    public static async Task<ApiError> ForChallengeAsync(HttpContext context, IEnumerable<string> schemes)
    {
        var any = false;
        foreach (var scheme in schemes)
        {
            any = true;
            if (await FailureOfAsync(context, scheme).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        if (!any)
        {
            var provider = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
            if (provider is not null && await provider.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false) is { } defaultScheme
                && await FailureOfAsync(context, defaultScheme.Name).ConfigureAwait(false) is { } error)
            {
                return error;
            }
        }

        return new ApiError { Kind = ErrorKind.AuthenticationMissing };
    }

    private static async ValueTask<ApiError?> FailureOfAsync(HttpContext context, string scheme)
    {
        if (ApiKeyAuthenticationFailure.Get(context, scheme) is { } carried)
        {
            return carried;
        }

        // Not authenticated yet on this request (no UseAuthentication, a challenge from an action): an API-key
        // scheme that fails now leaves its error on the request too.
        var failure = (await context.AuthenticateAsync(scheme).ConfigureAwait(false)).Failure;
        return failure switch
        {
            null => null,
            _ when ApiKeyAuthenticationFailure.Get(context, scheme) is { } now => now,
            ApiException api => ApiError.FromException(api),
            { InnerException: ApiException inner } => ApiError.FromException(inner),

            // The scheme's own failure text (token validation details) is not a message the application chose.
            _ => new ApiError { Kind = ErrorKind.AuthenticationInvalid },
        };
    }

    public static ApiError ForForbid(AuthorizationFailure? failure)
    {
        string? message = null;
        if (failure is not null)
        {
            foreach (var reason in failure.FailureReasons)
            {
                if (!string.IsNullOrEmpty(reason.Message))
                {
                    message = reason.Message;
                    break;
                }
            }
        }

        return new ApiError { Kind = ErrorKind.Forbidden, Message = message };
    }

    /// <summary>
    /// Once the scheme's challenge or forbid ran: writes <paramref name="error"/> when
    /// <see cref="CanWriteAfterChallenge"/>, else logs that the scheme answered itself.
    /// </summary>
    public static Task WriteAfterChallengeAsync(HttpContext context, ApiError error, ErrorResponseWriter writer, ILogger logger)
    {
        if (CanWriteAfterChallenge(context.Response))
        {
            return writer.WriteAsync(context, error);
        }

        ErrorMiddlewareLog.AuthorizationAnsweredByScheme(logger, context.Response.StatusCode);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the envelope may still be written after the scheme's challenge or forbid ran: not when the scheme wrote
    /// its own response (an <c>OnChallenge</c> event), redirected (cookies) or let the request through.
    /// </summary>
    public static bool CanWriteAfterChallenge(HttpResponse response) =>
        !response.HasStarted
        && response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
        && string.IsNullOrEmpty(response.ContentType)
        && response.ContentLength is null or 0;
}
