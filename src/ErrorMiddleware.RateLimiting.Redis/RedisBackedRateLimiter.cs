using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ErrorMiddleware.RateLimiting.Redis;

/// <summary>
/// Adapts a RedisRateLimiting limiter to what ErrorMiddleware reads: its rejected leases carry the standard
/// <c>MetadataName.RetryAfter</c> (the library names it <c>RATELIMIT_RETRYAFTER</c>, in whole seconds, one short of the real wait), a Redis failure
/// becomes an <see cref="ApiException"/> of <see cref="ErrorKind.ServiceUnavailable"/> with a <c>Retry-After</c>, and a permit that cannot be given back
/// (Redis down) is logged rather than thrown from <c>Dispose</c>.
/// </summary>
internal sealed class RedisBackedRateLimiter(RateLimiter inner, TimeSpan retryAfterWhenUnavailable, ILogger logger) : RateLimiter
{
    internal const string LibraryRetryAfter = "RATELIMIT_RETRYAFTER";

    private long _lastUsed = Stopwatch.GetTimestamp();
    private int _outstanding;

    /// <summary>
    /// How long since the limiter was last used, or <see langword="null"/> while a permit it gave is held. The partitioned
    /// limiter evicts a partition idle for a while: the window or the permits live in Redis, so evicting one costs
    /// nothing, while reporting the library's constant zero kept every key or address ever seen in memory.
    /// </summary>
    public override TimeSpan? IdleDuration => Volatile.Read(ref _outstanding) > 0 ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Track(inner.AttemptAcquire(permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
            return Track(await inner.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
        {
            RedisRateLimitingLog.RedisUnavailable(logger, ex);
            throw new ApiException(ErrorKind.ServiceUnavailable, null, ex) { RetryAfter = retryAfterWhenUnavailable };
        }
    }

    private Lease Track(RateLimitLease lease)
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        if (lease.IsAcquired)
        {
            Interlocked.Increment(ref _outstanding);
        }

        return new Lease(lease, this, logger);
    }

    private void Returned()
    {
        Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _outstanding);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private sealed class Lease(RateLimitLease inner, RedisBackedRateLimiter owner, ILogger logger) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => inner.IsAcquired;

        public override IEnumerable<string> MetadataNames =>
            inner.MetadataNames.Contains(LibraryRetryAfter) ? inner.MetadataNames.Append(MetadataName.RetryAfter.Name) : inner.MetadataNames;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name && inner.TryGetMetadata(LibraryRetryAfter, out var seconds) && seconds is int or long)
            {
                // RedisRateLimiting counts in whole seconds: it answers expires_at - floor(now) but opens the next window only
                // once expires_at < now, i.e. one second later than it says. Publish the wait that really works.
                metadata = TimeSpan.FromSeconds(Math.Max(0, Convert.ToInt64(seconds, System.Globalization.CultureInfo.InvariantCulture)) + 1);
                return true;
            }

            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                try
                {
                    inner.Dispose();
                }
                catch (Exception ex) when (ex is RedisException or RedisTimeoutException or TimeoutException)
                {
                    RedisRateLimitingLog.ReleaseFailed(logger, ex);
                }
                finally
                {
                    if (inner.IsAcquired)
                    {
                        owner.Returned();
                    }
                }
            }

            base.Dispose(disposing);
        }
    }
}
