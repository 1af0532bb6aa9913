using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Wraps <c>RateLimiterOptions.GlobalLimiter</c> so that its rejected leases say so: <c>OnRejected</c> is not told
/// whether the global or the endpoint's limiter rejected, and only one of them may be a server-overload limiter.
/// Acquired leases pass through untouched.
/// </summary>
internal sealed class GlobalLimiterTagger(PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
{
    public const string MetadataName = "ErrorMiddleware.GlobalLimiter";

    public PartitionedRateLimiter<HttpContext> Inner { get; } = inner;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => Inner.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => Tag(Inner.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Tag(await Inner.AcquireAsync(resource, permitCount, cancellationToken).ConfigureAwait(false));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }

    private static RateLimitLease Tag(RateLimitLease lease) => lease.IsAcquired ? lease : new TaggedLease(lease);

    private sealed class TaggedLease(RateLimitLease inner) : RateLimitLease
    {
        public override bool IsAcquired => inner.IsAcquired;

        public override IEnumerable<string> MetadataNames => inner.MetadataNames.Append(MetadataName);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName)
            {
                metadata = true;
                return true;
            }

            return inner.TryGetMetadata(metadataName, out metadata);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
