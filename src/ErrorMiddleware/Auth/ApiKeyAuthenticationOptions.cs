using Microsoft.AspNetCore.Authentication;

namespace ErrorMiddleware;

/// <summary>Options of the API-key authentication scheme.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Whether the key may be sent as <c>Authorization: Bearer &lt;key&gt;</c> (as OpenAI SDKs do).</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool AcceptBearerToken { get; set; } = true;

    /// <summary>The header carrying the key when there is no bearer token; <see langword="null"/> or empty to accept only the bearer token.</summary>
    /// <value>Default: <c>X-Api-Key</c>.</value>
    public string? HeaderName { get; set; } = ApiKeyAuthenticationDefaults.HeaderName;
}
