namespace ErrorMiddleware;

/// <summary>The outcome of <see cref="IQuotaService.FreezeAsync"/>.</summary>
public enum QuotaFreezeStatus
{
    /// <summary>The cost was frozen; the request may run.</summary>
    Frozen = 0,

    /// <summary>The balance does not cover the cost: <see cref="ErrorKind.QuotaExceeded"/>.</summary>
    InsufficientBalance,

    /// <summary>The account has no balance and no resource pack: <see cref="ErrorKind.NoBalance"/>.</summary>
    NoBalance,
}
