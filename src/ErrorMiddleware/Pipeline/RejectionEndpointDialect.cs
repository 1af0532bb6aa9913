using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// The dialect of a request that routing answered with an endpoint of its own: a wrong method (405) or media type
/// (415) selects a rejection endpoint that carries none of the matched routes' metadata, so the dialect a group or
/// endpoint chose (<c>WithErrorDialect</c>, <c>[ErrorDialect]</c>) is looked up on the route endpoints whose template
/// matches the path. Only a dialect all of them agree on is used; otherwise the global option applies.
/// </summary>
internal static class RejectionEndpointDialect
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Endpoint>, Route[]> s_routes = [];

    /// <summary>Whether the endpoint is one routing made up itself rather than one the application mapped.</summary>
    public static bool IsRejection(Endpoint endpoint) => endpoint is not RouteEndpoint;

    public static ErrorDialect? Find(HttpContext context)
    {
        var source = context.RequestServices?.GetService<EndpointDataSource>();
        if (source is null)
        {
            return null;
        }

        ErrorDialect? found = null;
        var matched = false;
        foreach (var route in s_routes.GetValue(source.Endpoints, Build))
        {
            if (!route.Matcher.TryMatch(context.Request.Path, []))
            {
                continue;
            }

            if (matched && route.Dialect != found)
            {
                return null;
            }

            matched = true;
            found = route.Dialect;
        }

        return found;
    }

    private static Route[] Build(IReadOnlyList<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>().Select(endpoint => new Route(
            new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new(endpoint.RoutePattern.Defaults)),
            endpoint.Metadata.GetMetadata<ErrorDialectAttribute>()?.Dialect))];

    private sealed record Route(TemplateMatcher Matcher, ErrorDialect? Dialect);
}
