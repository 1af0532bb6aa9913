using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Partitions rate limiters per API key or per client, for <c>RateLimiterOptions.AddPolicy</c> and
/// <c>PartitionedRateLimiter.Create</c>.
/// </summary>
public static class ApiRateLimitPartition
{
    private const string KeyPrefix = "key:";

    /// <summary>
    /// The partition key of the request's caller. Once the request is authenticated, the user's <c>NameIdentifier</c>
    /// (see <see cref="GetClientIdPartitionKey"/>): a client inventing random keys then cannot open a fresh window per
    /// key, since an unknown key never authenticates. Before authentication (the limiter runs first, or the endpoint
    /// allows anonymous callers), a hash of the API key read as the API-key scheme reads it (the
    /// <see cref="ApiKeyAuthenticationOptions.HeaderName"/> and <see cref="ApiKeyAuthenticationOptions.AcceptBearerToken"/>
    /// of the <see cref="ApiKeyAuthenticationDefaults.AuthenticationScheme"/> scheme, by default <c>Authorization: Bearer
    /// &lt;key&gt;</c> or <c>X-Api-Key</c>), so that no key is held in memory; requests without a key fall back to
    /// <see cref="GetClientIdPartitionKey"/>.
    /// </summary>
    /// <remarks>Place <c>UseRateLimiter()</c> after <c>UseAuthentication()</c> so that keys are partitioned by owner.</remarks>
    /// <param name="context">The request.</param>
    /// <returns>The partition key.</returns>
    public static string GetApiKeyPartitionKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsAuthenticated(context.User))
        {
            return GetClientIdPartitionKey(context);
        }

        var options = context.RequestServices?.GetService<IOptionsMonitor<ApiKeyAuthenticationOptions>>()?.Get(ApiKeyAuthenticationDefaults.AuthenticationScheme);
        var acceptBearerToken = options?.AcceptBearerToken ?? true;
        var headerName = options is null ? ApiKeyAuthenticationDefaults.HeaderName : options.HeaderName;
        if (!ApiKeyReader.TryRead(context.Request.Headers, acceptBearerToken, headerName, out var apiKey) || apiKey.IsEmpty)
        {
            return GetClientIdPartitionKey(context);
        }

        return HashKey(apiKey);
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

    /// <summary><c>"key:"</c> and the first 16 bytes of the key's UTF-8 SHA-256 in hex: the partition key is the only allocation.</summary>
    private static string HashKey(ReadOnlySpan<char> apiKey)
    {
        const int StackLimit = 256;
        byte[]? rented = null;
        var byteCount = Encoding.UTF8.GetMaxByteCount(apiKey.Length);
        var utf8 = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(apiKey, utf8);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8[..written], hash);
            ReadOnlySpan<byte> truncated = hash[..16];
            return string.Create(KeyPrefix.Length + (2 * 16), truncated, static (chars, bytes) =>
            {
                KeyPrefix.CopyTo(chars);
                Convert.TryToHexString(bytes, chars[KeyPrefix.Length..], out _);
            });
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// <c>user.Identity?.IsAuthenticated</c> without boxing the identity list's enumerator (as the default primary
    /// identity selector does) on every request.
    /// </summary>
    private static bool IsAuthenticated(ClaimsPrincipal user)
    {
        if (user.Identities is List<ClaimsIdentity> identities)
        {
            foreach (var identity in identities)
            {
                if (identity is not null)
                {
                    return identity.IsAuthenticated;
                }
            }

            return false;
        }

        return user.Identity?.IsAuthenticated == true;
    }
}
