namespace ErrorMiddleware;

/// <summary>The outcome of <see cref="IQuotaService.FreezeAsync"/>.</summary>
public enum QuotaFreezeStatus
{
    /// <summary>The cost was frozen; the request may run.</summary>
    Frozen = 0,

    /// <summary>The balance does not cover the cost: BusinessCode 402 / 402000, Wanqing 403 <c>Forbidden.InsufficientBalance</c>.</summary>
    InsufficientBalance,

    /// <summary>The account has no balance and no resource pack: BusinessCode 402 / 402000, Wanqing 403 <c>UnaccessibleUser</c>.</summary>
    NoBalance,
}
