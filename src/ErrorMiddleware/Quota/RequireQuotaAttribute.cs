namespace ErrorMiddleware;

/// <summary>
/// Declares what a request to an endpoint, controller or action costs. Before the handler runs the cost is frozen
/// through <see cref="IQuotaService"/> (<see cref="ErrorKind.QuotaExceeded"/> or <see cref="ErrorKind.NoBalance"/> when
/// it cannot be); it is committed once the handler's result was written with a success status, and released when the
/// handler or its result throws, the response is 4xx/5xx or the client goes away (see <see cref="IQuotaService"/>).
/// For minimal APIs use <see cref="RequireQuotaEndpointConventionBuilderExtensions.RequireQuota{TBuilder}(TBuilder, long)"/>.
/// The most specific declaration wins (action over controller, endpoint over group).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireQuotaAttribute : Attribute, IQuotaCostMetadata
{
    /// <summary>Declares the cost.</summary>
    /// <param name="cost">The cost of one request, at least 1.</param>
    public RequireQuotaAttribute(long cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cost, 1);
        Cost = cost;
    }

    /// <summary>The cost of one request.</summary>
    public long Cost { get; }
}
