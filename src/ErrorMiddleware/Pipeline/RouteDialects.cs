using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// The dialect of a request no mapped endpoint answers, read from the routes its path falls under:
/// <list type="bullet">
/// <item>routing's own 405/415 endpoints carry none of the matched routes' metadata: the dialect is the one the
/// routes whose template matches the path agree on;</item>
/// <item>an unmatched path (404) answers in the dialect of the routes sharing the longest literal prefix with it
/// (<c>/v1/unknown</c> falls under the <c>/v1</c> routes), again only when they agree.</item>
/// </list>
/// A route without a dialect of its own counts as the default, so a prefix shared by routes of different dialects
/// gives the default. Returns <see langword="null"/> for the default.
/// </summary>
internal static class RouteDialects
{
    private static readonly ConditionalWeakTable<IReadOnlyList<Endpoint>, Route[]> s_routes = [];

    public static string? Find(HttpContext context)
    {
        var source = context.RequestServices?.GetService<EndpointDataSource>();
        if (source is null)
        {
            return null;
        }

        var routes = s_routes.GetValue(source.Endpoints, Build);
        var path = context.Request.Path;
        if (Agree(routes, route => route.Matcher.TryMatch(path, []), out var matched))
        {
            return matched;
        }

        var segments = Segments(path.Value);
        var longest = 0;
        foreach (var route in routes)
        {
            longest = Math.Max(longest, route.SharedPrefix(segments));
        }

        return longest > 0 && Agree(routes, route => route.SharedPrefix(segments) == longest, out var prefixed) ? prefixed : null;
    }

    /// <summary>Whether at least one route is selected; <paramref name="dialect"/> is their common dialect, or null when they differ.</summary>
    private static bool Agree(Route[] routes, Func<Route, bool> selected, out string? dialect)
    {
        dialect = null;
        var any = false;
        foreach (var route in routes)
        {
            if (!selected(route))
            {
                continue;
            }

            if (any && !string.Equals(route.Dialect, dialect, StringComparison.OrdinalIgnoreCase))
            {
                dialect = null;
                return true;
            }

            any = true;
            dialect = route.Dialect;
        }

        return any;
    }

    private static string[] Segments(string? path) =>
        string.IsNullOrEmpty(path) ? [] : path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static Route[] Build(IReadOnlyList<Endpoint> endpoints) =>
        [.. endpoints.OfType<RouteEndpoint>().Select(endpoint => new Route(
            new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new(endpoint.RoutePattern.Defaults)),
            LiteralPrefix(endpoint.RoutePattern),
            endpoint.Metadata.GetMetadata<ErrorDialectAttribute>()?.Name))];

    /// <summary>The leading segments of a pattern made of literal text only (<c>/v1/chat/{id}</c> → v1, chat).</summary>
    private static string[] LiteralPrefix(RoutePattern pattern)
    {
        var literals = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts is not [RoutePatternLiteralPart literal])
            {
                break;
            }

            literals.Add(literal.Content);
        }

        return [.. literals];
    }

    private sealed record Route(TemplateMatcher Matcher, string[] Prefix, string? Dialect)
    {
        public int SharedPrefix(string[] segments)
        {
            var shared = 0;
            while (shared < Prefix.Length && shared < segments.Length && string.Equals(Prefix[shared], segments[shared], StringComparison.OrdinalIgnoreCase))
            {
                shared++;
            }

            return shared;
        }
    }
}
