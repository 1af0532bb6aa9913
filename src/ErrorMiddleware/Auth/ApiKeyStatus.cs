namespace ErrorMiddleware;

/// <summary>What an <see cref="IApiKeyStore"/> knows about an API key.</summary>
public enum ApiKeyStatus
{
    /// <summary>The key is not known: <see cref="ErrorKind.AuthenticationInvalid"/>.</summary>
    Unknown = 0,

    /// <summary>The key is valid and may be used.</summary>
    Active,

    /// <summary>The key was disabled or deleted: <see cref="ErrorKind.CredentialsUnavailable"/> (the key is masked where a message shows it).</summary>
    Disabled,

    /// <summary>The account owning the key is frozen: <see cref="ErrorKind.AccountFrozen"/>.</summary>
    Frozen,
}
