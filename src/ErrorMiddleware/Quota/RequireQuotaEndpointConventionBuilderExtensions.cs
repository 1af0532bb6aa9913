using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>Declares the quota cost of minimal-API endpoints and groups.</summary>
public static class RequireQuotaEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Declares what a request to the endpoint (or to each endpoint of the group) costs; see
    /// <see cref="RequireQuotaAttribute"/>. The endpoint's own declaration wins over its group's, and the cost is
    /// frozen once per request.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group builder.</param>
    /// <param name="cost">The cost of one request, at least 1.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireQuota<TBuilder>(this TBuilder builder, long cost)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new RequireQuotaAttribute(cost));
        builder.AddEndpointFilterFactory(static (factoryContext, next) =>
        {
            var gate = GateFrom(factoryContext.ApplicationServices);
            return invocation => QuotaEndpointFilter.InvokeAsync(gate, invocation, next);
        });

        // Runs once the endpoint's request delegate exists, so the settlement sees the result executed.
        builder.Finally(static endpoint =>
        {
            if (endpoint.RequestDelegate is { } requestDelegate)
            {
                endpoint.RequestDelegate = QuotaEndpointFilter.Wrap(GateFrom(endpoint.ApplicationServices), requestDelegate);
            }
        });
        return builder;
    }

    private static QuotaGate GateFrom(IServiceProvider services) => services.GetService<QuotaGate>()
        ?? throw new InvalidOperationException(
            "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");
}
