namespace ErrorMiddleware.Tests.Reliability;

/// <summary>An <see cref="InMemoryQuotaService"/> whose named operation (freeze, commit or release) throws.</summary>
internal sealed class FaultyQuotaService(InMemoryQuotaService inner, string failing) : IQuotaService
{
    public const string Message = "the original: quota service down";

    public ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken) =>
        failing == "freeze" ? throw new TimeoutException(Message) : inner.FreezeAsync(context, cancellationToken);

    public ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken) =>
        failing == "commit" ? throw new TimeoutException(Message) : inner.CommitAsync(reservation, cancellationToken);

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken) =>
        failing == "release" ? throw new TimeoutException("release failed: quota service down") : inner.ReleaseAsync(reservation, cancellationToken);
}
