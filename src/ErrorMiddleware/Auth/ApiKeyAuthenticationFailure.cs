using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// A request feature left by <see cref="ApiKeyAuthenticationHandler"/> when it fails: which scheme failed and the
/// documented error it failed with (invalid, disabled or frozen key). <see cref="AuthorizationErrors"/> answers a
/// challenge of that scheme with it directly, without authenticating again or reading the error back out of an exception.
/// </summary>
internal sealed class ApiKeyAuthenticationFailure
{
    private ApiKeyAuthenticationFailure(string scheme, ApiError error, ApiKeyAuthenticationFailure? previous)
    {
        Scheme = scheme;
        Error = error;
        Previous = previous;
    }

    public string Scheme { get; }

    public ApiError Error { get; }

    /// <summary>The failure of another API-key scheme on the same request, if any.</summary>
    public ApiKeyAuthenticationFailure? Previous { get; }

    /// <summary>Records that <paramref name="scheme"/> failed with <paramref name="error"/>.</summary>
    public static void Set(HttpContext context, string scheme, ApiError error) =>
        context.Features.Set(new ApiKeyAuthenticationFailure(scheme, error, context.Features.Get<ApiKeyAuthenticationFailure>()));

    /// <summary>The error <paramref name="scheme"/> failed with on this request, or <see langword="null"/>.</summary>
    public static ApiError? Get(HttpContext context, string scheme)
    {
        for (var failure = context.Features.Get<ApiKeyAuthenticationFailure>(); failure is not null; failure = failure.Previous)
        {
            if (string.Equals(failure.Scheme, scheme, StringComparison.Ordinal))
            {
                return failure.Error;
            }
        }

        return null;
    }
}
