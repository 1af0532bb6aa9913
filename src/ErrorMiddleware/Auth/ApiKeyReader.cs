using Microsoft.AspNetCore.Http;

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
    /// Whether the request sends credentials; <paramref name="apiKey"/> is the trimmed key, without copying it (empty
    /// for <c>Bearer</c> with no token, or an empty header: credentials were sent, and they are invalid).
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

        apiKey = default;
        return false;
    }
}
