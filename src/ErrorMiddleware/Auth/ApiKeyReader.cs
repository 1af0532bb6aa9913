using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ErrorMiddleware;

/// <summary>
/// Reads the API key of a request the way the API-key scheme is configured (<see cref="ApiKeyAuthenticationOptions"/>):
/// <c>Authorization: Bearer &lt;key&gt;</c> when accepted, else the configured header. Shared by
/// <see cref="ApiKeyAuthenticationHandler"/> and <see cref="ApiRateLimitPartition"/>, so both see the same key.
/// </summary>
internal static class ApiKeyReader
{
    private const string Bearer = "Bearer";

    /// <summary>
    /// Whether the request sends credentials; <paramref name="apiKey"/> is the trimmed key, without copying it. It is
    /// empty when credentials were sent that are not a key, so they are invalid (401002), not missing: <c>Bearer</c>
    /// with no token, an empty header, or, when the bearer token is accepted, an <c>Authorization</c> header of another
    /// scheme (<c>Basic ...</c>) and no key header.
    /// </summary>
    public static bool TryRead(IHeaderDictionary headers, bool acceptBearerToken, string? headerName, out ReadOnlySpan<char> apiKey)
    {
        if (acceptBearerToken)
        {
            foreach (var value in headers.Authorization)
            {
                var span = value.AsSpan().Trim();
                if (span.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
                    && (span.Length == Bearer.Length || span[Bearer.Length] == ' '))
                {
                    // "Bearer" with no token (servers trim trailing spaces) reads as an empty key.
                    apiKey = span[Bearer.Length..].Trim();
                    return true;
                }
            }
        }

        if (!string.IsNullOrEmpty(headerName) && headers.TryGetValue(headerName, out var header) && header.Count != 0)
        {
            apiKey = header[0].AsSpan().Trim();
            return true;
        }

        if (acceptBearerToken && HasCredentials(headers.Authorization))
        {
            apiKey = default;
            return true;
        }

        apiKey = default;
        return false;
    }

    private static bool HasCredentials(StringValues authorization)
    {
        foreach (var value in authorization)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return true;
            }
        }

        return false;
    }
}
