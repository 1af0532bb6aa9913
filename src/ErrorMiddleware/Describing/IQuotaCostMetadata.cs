namespace ErrorMiddleware;

/// <summary>
/// Endpoint metadata of an endpoint that costs quota. <see cref="ApiErrorResponseDescriber"/> documents the quota error
/// (<see cref="ErrorKind.QuotaExceeded"/>) on every endpoint that carries it.
/// </summary>
/// <remarks>The quota feature's endpoint metadata (<c>RequireQuota</c>) implements this interface.</remarks>
internal interface IQuotaCostMetadata
{
    /// <summary>The quota one call of the endpoint costs.</summary>
    long Cost { get; }
}
