namespace ErrorMiddleware;

/// <summary>The answer of <see cref="IQuotaService.FreezeAsync"/>.</summary>
public sealed class QuotaFreezeResult
{
    private static readonly QuotaFreezeResult s_insufficient = new(QuotaFreezeStatus.InsufficientBalance, null);
    private static readonly QuotaFreezeResult s_noBalance = new(QuotaFreezeStatus.NoBalance, null);

    private QuotaFreezeResult(QuotaFreezeStatus status, QuotaReservation? reservation)
    {
        Status = status;
        Reservation = reservation;
    }

    /// <summary>The outcome.</summary>
    public QuotaFreezeStatus Status { get; }

    /// <summary>The reservation, when <see cref="Status"/> is <see cref="QuotaFreezeStatus.Frozen"/>.</summary>
    public QuotaReservation? Reservation { get; }

    /// <summary>The cost was frozen.</summary>
    /// <param name="reservation">The reservation to commit or release.</param>
    /// <returns>The result.</returns>
    public static QuotaFreezeResult Frozen(QuotaReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(QuotaFreezeStatus.Frozen, reservation);
    }

    /// <summary>The balance does not cover the cost.</summary>
    /// <returns>The result.</returns>
    public static QuotaFreezeResult InsufficientBalance() => s_insufficient;

    /// <summary>The account has no balance and no resource pack.</summary>
    /// <returns>The result.</returns>
    public static QuotaFreezeResult NoBalance() => s_noBalance;
}
