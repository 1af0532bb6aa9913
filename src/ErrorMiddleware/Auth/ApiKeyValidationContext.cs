using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>What an <see cref="IApiKeyStore"/> is asked about: one API key sent with one request.</summary>
public sealed class ApiKeyValidationContext
{
    /// <summary>The request.</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>The API key exactly as sent (never empty). Never log or echo it.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The name of the authentication scheme asking.</summary>
    public required string Scheme { get; init; }
}
