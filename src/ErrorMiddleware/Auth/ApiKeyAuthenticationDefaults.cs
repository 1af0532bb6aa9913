namespace ErrorMiddleware;

/// <summary>Default values of the API-key authentication scheme.</summary>
public static class ApiKeyAuthenticationDefaults
{
    /// <summary>The default scheme name: <c>ApiKey</c>.</summary>
    public const string AuthenticationScheme = "ApiKey";

    /// <summary>The default header carrying the key when no <c>Authorization: Bearer</c> header is sent: <c>X-Api-Key</c>.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The configuration section the default <see cref="InMemoryApiKeyStore"/> is filled from: <c>ApiKeys</c>.</summary>
    public const string ConfigurationSectionName = "ApiKeys";
}
