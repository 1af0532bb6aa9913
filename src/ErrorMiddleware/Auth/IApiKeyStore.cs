namespace ErrorMiddleware;

/// <summary>
/// Looks API keys up for the API-key authentication handler (<see cref="ApiKeyAuthenticationBuilderExtensions"/>).
/// Register an implementation as a singleton to replace the default <see cref="InMemoryApiKeyStore"/>, for example
/// one backed by a database. An exception thrown here is a server fault (500), not an authentication failure.
/// </summary>
public interface IApiKeyStore
{
    /// <summary>Looks up one API key.</summary>
    /// <param name="context">The key and the request.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The status of the key, and its owner when it is known.</returns>
    ValueTask<ApiKeyValidationResult> ValidateAsync(ApiKeyValidationContext context, CancellationToken cancellationToken);
}
