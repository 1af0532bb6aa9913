using System.Security.Claims;

namespace ErrorMiddleware;

/// <summary>The answer of an <see cref="IApiKeyStore"/> for one API key.</summary>
public sealed class ApiKeyValidationResult
{
    private static readonly ApiKeyValidationResult s_unknown = new(ApiKeyStatus.Unknown, ownerId: null, claims: null);

    private ApiKeyValidationResult(ApiKeyStatus status, string? ownerId, IReadOnlyList<Claim>? claims)
    {
        Status = status;
        OwnerId = ownerId;
        Claims = claims ?? [];
    }

    /// <summary>The status of the key.</summary>
    public ApiKeyStatus Status { get; }

    /// <summary>The account owning the key (the <see cref="ClaimTypes.NameIdentifier"/> of the authenticated user); <see langword="null"/> for an unknown key.</summary>
    public string? OwnerId { get; }

    /// <summary>Extra claims given to the authenticated user of an active key.</summary>
    public IReadOnlyList<Claim> Claims { get; }

    /// <summary>The key is valid.</summary>
    /// <param name="ownerId">The account owning the key.</param>
    /// <param name="claims">Extra claims for the authenticated user.</param>
    /// <returns>The result.</returns>
    public static ApiKeyValidationResult Active(string ownerId, IEnumerable<Claim>? claims = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return new(ApiKeyStatus.Active, ownerId, claims?.ToArray());
    }

    /// <summary>The key is not known.</summary>
    /// <returns>The result.</returns>
    public static ApiKeyValidationResult Unknown() => s_unknown;

    /// <summary>The key was disabled or deleted.</summary>
    /// <param name="ownerId">The account owning the key, when known.</param>
    /// <returns>The result.</returns>
    public static ApiKeyValidationResult Disabled(string? ownerId = null) => new(ApiKeyStatus.Disabled, ownerId, claims: null);

    /// <summary>The account owning the key is frozen.</summary>
    /// <param name="ownerId">The account owning the key, when known.</param>
    /// <returns>The result.</returns>
    public static ApiKeyValidationResult Frozen(string? ownerId = null) => new(ApiKeyStatus.Frozen, ownerId, claims: null);
}
