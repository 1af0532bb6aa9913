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
/// gives the default. Returns <see langword="null"/> for the default. The routes' literal prefixes are folded into a
/// tree once per endpoint list, so a 404 costs one dictionary lookup per path segment and allocates nothing.
/// </summary>
internal static class RouteDialects
{
    private const int MaxSegments = 32;

    private static readonly ConditionalWeakTable<IReadOnlyList<Endpoint>, Table> s_tables = [];

    public static string? Find(HttpContext context)
    {
        var source = context.RequestServices?.GetService<EndpointDataSource>();
        if (source is null)
        {
            return null;
        }

        var table = s_tables.GetValue(source.Endpoints, static endpoints => new Table(endpoints));
        var path = context.Request.Path;
        if (context.GetEndpoint() is not null && table.Matching(path, out var matched))
        {
            return matched;
        }

        return table.UnderPrefix(path.Value);
    }

    private sealed class Table
    {
        private readonly Route[] _routes;
        private readonly Node _root = new();

        public Table(IReadOnlyList<Endpoint> endpoints)
        {
            _routes = [.. endpoints.OfType<RouteEndpoint>().Select(static endpoint => new Route(
                new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new(endpoint.RoutePattern.Defaults)),
                endpoint.Metadata.GetMetadata<ErrorDialectAttribute>()?.Name))];
            foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
            {
                var dialect = endpoint.Metadata.GetMetadata<ErrorDialectAttribute>()?.Name;
                var node = _root;
                foreach (var segment in endpoint.RoutePattern.PathSegments)
                {
                    if (segment.Parts is not [RoutePatternLiteralPart literal])
                    {
                        break;
                    }

                    node = node.Child(literal.Content);
                    node.Add(dialect);
                }
            }

            _root.Freeze();
        }

        /// <summary>The dialect the routes whose template matches the path agree on; false when none matches.</summary>
        public bool Matching(PathString path, out string? dialect)
        {
            dialect = null;
            var any = false;
            foreach (var route in _routes)
            {
                if (!route.Matcher.TryMatch(path, []))
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

        /// <summary>The dialect of the deepest literal prefix of some route the path starts with.</summary>
        public string? UnderPrefix(string? path)
        {
            var rest = path.AsSpan();
            var node = _root;
            Node? deepest = null;
            for (var depth = 0; depth < MaxSegments && !rest.IsEmpty; depth++)
            {
                rest = rest.TrimStart('/');
                var end = rest.IndexOf('/');
                var segment = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[end..];
                if (segment.IsEmpty || !node.TryGet(segment, out var child))
                {
                    break;
                }

                node = child;
                deepest = child;
            }

            return deepest is { IsMixed: false } ? deepest.Dialect : null;
        }
    }

    private sealed class Node
    {
        private Dictionary<string, Node>? _children;
        private Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private bool _hasRoutes;

        public string? Dialect { get; private set; }

        public bool IsMixed { get; private set; }

        public Node Child(string segment)
        {
            _children ??= new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
            if (!_children.TryGetValue(segment, out var child))
            {
                _children[segment] = child = new Node();
            }

            return child;
        }

        /// <summary>A route under this prefix has <paramref name="dialect"/>; routes that disagree make the prefix mixed.</summary>
        public void Add(string? dialect)
        {
            if (_hasRoutes && !string.Equals(Dialect, dialect, StringComparison.OrdinalIgnoreCase))
            {
                IsMixed = true;
            }

            _hasRoutes = true;
            Dialect = dialect;
        }

        public void Freeze()
        {
            if (_children is null)
            {
                return;
            }

            _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var child in _children.Values)
            {
                child.Freeze();
            }
        }

        public bool TryGet(ReadOnlySpan<char> segment, out Node child)
        {
            if (_children is null)
            {
                child = null!;
                return false;
            }

            return _lookup.TryGetValue(segment, out child!);
        }
    }

    private sealed record Route(TemplateMatcher Matcher, string? Dialect);
}
