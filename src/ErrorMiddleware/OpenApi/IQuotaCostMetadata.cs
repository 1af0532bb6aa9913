namespace ErrorMiddleware;

/// <summary>
/// Endpoint metadata of an endpoint that costs quota. The OpenAPI transformer documents the quota error
/// (BusinessCode 402 / 402000, Wanqing 403 <c>Forbidden.InsufficientBalance</c>) on every endpoint that carries it.
/// </summary>
/// <remarks>The quota feature's endpoint metadata (<c>RequireQuota</c>) implements this interface.</remarks>
internal interface IQuotaCostMetadata
{
    /// <summary>The quota one call of the endpoint costs.</summary>
    long Cost { get; }
}
