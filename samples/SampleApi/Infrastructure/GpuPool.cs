using System.Threading.RateLimiting;

namespace SampleApi.Infrastructure;

/// <summary>
/// The sample's one fake GPU: a concurrency limiter with <c>RateLimiting:GpuSlots</c> slots, shared by the
/// <c>gpu</c> rate-limiting policy (marked as server overload: rejections are 530002 / 503) and by the warm-up job,
/// which holds a slot in the background the way a model load would. With <c>RateLimiting:Store=Redis</c> the slots are
/// shared by every instance (a Redis concurrency limiter), as one GPU pool behind a load balancer would be.
/// </summary>
public sealed class GpuPool : IDisposable
{
    private readonly RateLimiter _limiter;
    private readonly bool _acquiresAsynchronously;
    private readonly CancellationTokenSource _stopping = new();

    public GpuPool(IConfiguration configuration)
        : this(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = SlotCount(configuration),
            QueueLimit = 0,
        }), acquiresAsynchronously: false)
    {
    }

    /// <summary>A pool on a limiter that only acquires asynchronously (the fleet's Redis limiter).</summary>
    public GpuPool(RateLimiter fleetLimiter)
        : this(fleetLimiter, acquiresAsynchronously: true)
    {
    }

    private GpuPool(RateLimiter limiter, bool acquiresAsynchronously)
    {
        _limiter = limiter;
        _acquiresAsynchronously = acquiresAsynchronously;
        Limiter = new SharedLimiter(_limiter);
    }

    /// <summary>The limiter for the rate-limiting policy; disposing it (the partitioned limiter does) leaves the pool alone.</summary>
    public RateLimiter Limiter { get; }

    /// <summary>Takes a slot for <paramref name="duration"/> in the background; <see langword="false"/> when none is free.</summary>
    public bool TryHold(TimeSpan duration)
    {
        // The Redis limiter cannot answer synchronously: the warm-up then waits for one Redis round trip.
        var lease = _acquiresAsynchronously ? _limiter.AcquireAsync().AsTask().GetAwaiter().GetResult() : _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }

        _ = ReleaseLaterAsync(lease, duration);
        return true;
    }

    /// <summary>The number of slots: <c>RateLimiting:GpuSlots</c>, 1 by default.</summary>
    public static int SlotCount(IConfiguration configuration) => configuration.GetValue("RateLimiting:GpuSlots", 1);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _limiter.Dispose();
    }

    private async Task ReleaseLaterAsync(RateLimitLease lease, TimeSpan duration)
    {
        try
        {
            await Task.Delay(duration, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The app is stopping.
        }
        finally
        {
            lease.Dispose();
        }
    }

    private sealed class SharedLimiter(RateLimiter inner) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            inner.AcquireAsync(permitCount, cancellationToken);
    }
}
