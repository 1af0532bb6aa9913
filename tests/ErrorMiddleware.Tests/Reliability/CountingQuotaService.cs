namespace ErrorMiddleware.Tests.Reliability;

/// <summary>Counts the calls reaching an <see cref="InMemoryQuotaService"/>.</summary>
internal sealed class CountingQuotaService(InMemoryQuotaService inner) : IQuotaService
{
    private int _frozen;
    private int _commits;
    private int _releases;

    public int Frozen => Volatile.Read(ref _frozen);

    public int Commits => Volatile.Read(ref _commits);

    public int Releases => Volatile.Read(ref _releases);

    public async ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken)
    {
        var result = await inner.FreezeAsync(context, cancellationToken);
        if (result.Status == QuotaFreezeStatus.Frozen)
        {
            Interlocked.Increment(ref _frozen);
        }

        return result;
    }

    public ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commits);
        return inner.CommitAsync(reservation, cancellationToken);
    }

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _releases);
        return inner.ReleaseAsync(reservation, cancellationToken);
    }
}
