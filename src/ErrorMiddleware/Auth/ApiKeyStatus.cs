namespace ErrorMiddleware;

/// <summary>What an <see cref="IApiKeyStore"/> knows about an API key.</summary>
public enum ApiKeyStatus
{
    /// <summary>The key is not known: BusinessCode 401 / 401002, Wanqing 400 <c>InvalidArgument.Authorization</c>.</summary>
    Unknown = 0,

    /// <summary>The key is valid and may be used.</summary>
    Active,

    /// <summary>The key was disabled or deleted: BusinessCode 401 / 401002, Wanqing 403 <c>Forbidden</c> ("AccessKey:{Apikey} IS UNAVAILABLE", key masked).</summary>
    Disabled,

    /// <summary>The account owning the key is frozen: BusinessCode 403 / 403000, Wanqing 403 <c>Forbidden.Frozen</c>.</summary>
    Frozen,
}
