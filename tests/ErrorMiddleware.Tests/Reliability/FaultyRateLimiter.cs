using System.Threading.RateLimiting;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>A limiter that rejects every request with a lease whose metadata (the Retry-After hook) throws.</summary>
internal sealed class FaultyRateLimiter : RateLimiter
{
    public const string Message = "the original: limiter metadata bug";

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => new FaultyLease();

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RateLimitLease>(new FaultyLease());

    private sealed class FaultyLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => throw new InvalidOperationException(Message);

        public override bool TryGetMetadata(string metadataName, out object? metadata) => throw new InvalidOperationException(Message);
    }
}
