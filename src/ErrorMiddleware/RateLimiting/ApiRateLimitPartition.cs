using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Partitions rate limiters per API key or per client, for <c>RateLimiterOptions.AddPolicy</c> and
/// <c>PartitionedRateLimiter.Create</c>.
/// </summary>
public static class ApiRateLimitPartition
{
    private const string BearerPrefix = "Bearer ";
    private const string ApiKeyHeaderName = "X-Api-Key";

    /// <summary>
    /// The partition key of the request's API key (<c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>), as a hash
    /// so that no key is held in memory; requests without a key fall back to <see cref="GetClientIdPartitionKey"/>.
    /// Reads the headers, so it works before authentication runs.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The partition key.</returns>
    public static string GetApiKeyPartitionKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var apiKey = ReadApiKey(context.Request.Headers);
        if (string.IsNullOrEmpty(apiKey))
        {
            return GetClientIdPartitionKey(context);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), hash);
        return "key:" + Convert.ToHexString(hash[..16]);
    }

    /// <summary>
    /// The partition key of the client: the authenticated user's <c>NameIdentifier</c> (or name), else the remote IP
    /// address, else <c>"anonymous"</c>.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The partition key.</returns>
    public static string GetClientIdPartitionKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var id = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.Identity.Name;
            if (!string.IsNullOrEmpty(id))
            {
                return "user:" + id;
            }
        }

        return context.Connection.RemoteIpAddress is { } address ? "ip:" + address : "anonymous";
    }

    /// <summary>A partition per API key (see <see cref="GetApiKeyPartitionKey"/>), each with its own limiter.</summary>
    /// <param name="context">The request.</param>
    /// <param name="factory">Creates the limiter of a partition, given its key.</param>
    /// <returns>The partition.</returns>
    public static RateLimitPartition<string> PartitionByApiKey(HttpContext context, Func<string, RateLimiter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return RateLimitPartition.Get(GetApiKeyPartitionKey(context), factory);
    }

    /// <summary>A partition per client (see <see cref="GetClientIdPartitionKey"/>), each with its own limiter.</summary>
    /// <param name="context">The request.</param>
    /// <param name="factory">Creates the limiter of a partition, given its key.</param>
    /// <returns>The partition.</returns>
    public static RateLimitPartition<string> PartitionByClientId(HttpContext context, Func<string, RateLimiter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return RateLimitPartition.Get(GetClientIdPartitionKey(context), factory);
    }

    private static string? ReadApiKey(IHeaderDictionary headers)
    {
        foreach (var value in headers.Authorization)
        {
            if (value is not null && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return value[BearerPrefix.Length..].Trim();
            }
        }

        return headers.TryGetValue(ApiKeyHeaderName, out var header) && header.Count != 0 ? header[0]?.Trim() : null;
    }
}
