using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace ErrorMiddleware;

/// <summary>
/// An <see cref="IApiKeyStore"/> holding its keys in memory: filled in code with <see cref="Set"/> or from a
/// configuration section with <see cref="FromConfiguration"/>. The default store of
/// <see cref="ApiKeyAuthenticationBuilderExtensions.AddApiKeyAuthentication(Microsoft.AspNetCore.Authentication.AuthenticationBuilder, Action{ApiKeyAuthenticationOptions}?)"/>,
/// filled from the <c>ApiKeys</c> section. Thread-safe.
/// </summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, (string OwnerId, ApiKeyStatus Status)> _keys = new(StringComparer.Ordinal);

    /// <summary>The number of keys held.</summary>
    public int Count => _keys.Count;

    /// <summary>
    /// Creates a store from a configuration section whose children each have <c>Key</c>, <c>Owner</c> and an optional
    /// <c>Status</c> (<c>Active</c>, <c>Disabled</c> or <c>Frozen</c>; default <c>Active</c>), for example
    /// <c>"ApiKeys": [ { "Key": "sk-live-...", "Owner": "acct-1" } ]</c>.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <returns>The store.</returns>
    /// <exception cref="InvalidOperationException">An entry has no <c>Key</c> or <c>Owner</c>, or an unknown <c>Status</c>.</exception>
    public static InMemoryApiKeyStore FromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var store = new InMemoryApiKeyStore();
        foreach (var entry in section.GetChildren())
        {
            var key = entry["Key"];
            var owner = entry["Owner"];
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(owner))
            {
                throw new InvalidOperationException($"The API key entry '{entry.Path}' needs both 'Key' and 'Owner'.");
            }

            var status = ApiKeyStatus.Active;
            var statusText = entry["Status"];
            if (!string.IsNullOrEmpty(statusText)
                && (!Enum.TryParse(statusText, ignoreCase: true, out status) || status == ApiKeyStatus.Unknown || !Enum.IsDefined(status)))
            {
                throw new InvalidOperationException($"The API key entry '{entry.Path}' has an unknown Status '{statusText}' (expected Active, Disabled or Frozen).");
            }

            store.Set(key, owner, status);
        }

        return store;
    }

    /// <summary>Adds a key, or replaces what is known about it.</summary>
    /// <param name="apiKey">The key.</param>
    /// <param name="ownerId">The account owning the key.</param>
    /// <param name="status">The status of the key; <see cref="ApiKeyStatus.Unknown"/> is not allowed (use <see cref="Remove"/>).</param>
    /// <returns>This store.</returns>
    public InMemoryApiKeyStore Set(string apiKey, string ownerId, ApiKeyStatus status = ApiKeyStatus.Active)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (status is ApiKeyStatus.Unknown || !Enum.IsDefined(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A stored key is Active, Disabled or Frozen.");
        }

        _keys[apiKey] = (ownerId, status);
        return this;
    }

    /// <summary>Forgets a key: it becomes <see cref="ApiKeyStatus.Unknown"/>.</summary>
    /// <param name="apiKey">The key.</param>
    /// <returns><see langword="true"/> when the key was known.</returns>
    public bool Remove(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return _keys.TryRemove(apiKey, out _);
    }

    /// <inheritdoc />
    public ValueTask<ApiKeyValidationResult> ValidateAsync(ApiKeyValidationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_keys.TryGetValue(context.ApiKey, out var entry))
        {
            return ValueTask.FromResult(ApiKeyValidationResult.Unknown());
        }

        return ValueTask.FromResult(entry.Status switch
        {
            ApiKeyStatus.Active => ApiKeyValidationResult.Active(entry.OwnerId),
            ApiKeyStatus.Disabled => ApiKeyValidationResult.Disabled(entry.OwnerId),
            _ => ApiKeyValidationResult.Frozen(entry.OwnerId),
        });
    }
}
