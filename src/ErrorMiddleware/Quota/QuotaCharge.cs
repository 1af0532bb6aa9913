namespace ErrorMiddleware;

/// <summary>
/// The quota state of one request, kept as a request feature by the adapter that tracks the request (see
/// <see cref="QuotaGate.Track"/>): the reservation frozen for it, if any, and whether it was settled. That adapter
/// settles it once it knows how the endpoint's response was produced; the request's end releases a reservation nobody
/// settled, so no freeze outlives its request and an outcome nobody saw is never charged.
/// </summary>
internal sealed class QuotaCharge(QuotaGate gate) : IAsyncDisposable
{
    private QuotaReservation? _reservation;
    private int _settled;

    /// <summary>Keeps the reservation frozen for the request.</summary>
    public void Hold(QuotaReservation reservation) => _reservation = reservation;

    /// <summary>Commits (<paramref name="succeeded"/>) or releases the reservation, once; nothing when none was frozen.</summary>
    public ValueTask SettleAsync(bool succeeded) =>
        _reservation is { } reservation && Interlocked.Exchange(ref _settled, 1) == 0
            ? gate.SettleAsync(reservation, succeeded)
            : ValueTask.CompletedTask;

    /// <summary>The request ended: a reservation still unsettled is released.</summary>
    public ValueTask DisposeAsync() => SettleAsync(succeeded: false);
}
