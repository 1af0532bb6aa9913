using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ErrorMiddleware;

/// <summary>
/// The one place that decides a request's dialect, used by the writer, the OpenAPI transformer and routing's own
/// rejection endpoints. In order: the client's <c>Accept</c> (when <see cref="ApiErrorsOptions.HonorProblemDetailsAccept"/>
/// is on and it prefers a dialect's own media type), the endpoint's <see cref="ErrorDialectAttribute"/>, the routes
/// matching the path (for routing's 405/415 endpoints and for unmatched paths), then the default.
/// </summary>
internal sealed class ErrorDialectSelector(ErrorDialectRegistry registry, IOptions<ApiErrorsOptions> options, ILogger<ErrorDialectSelector> logger)
{
    private readonly ConcurrentDictionary<string, bool> _unknownNamesLogged = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _honorAccept = options.Value.HonorProblemDetailsAccept && registry.Selectable.Count != 0;

    public ErrorDialectRegistry Registry => registry;

    public ApiErrorDialect Select(HttpContext context)
    {
        if (_honorAccept && FromAccept(context.Request.Headers.Accept) is { } accepted)
        {
            return accepted;
        }

        var endpoint = context.GetEndpoint();
        var name = endpoint?.Metadata.GetMetadata<ErrorDialectAttribute>()?.Name;
        if (name is null && endpoint is not RouteEndpoint)
        {
            // No endpoint (404) or one routing made up itself (405, 415): the routes the path falls under decide.
            name = RouteDialects.Find(context);
        }

        return name is null ? registry.Default : Named(name);
    }

    /// <summary>The dialect of an endpoint as its metadata declares it (the last declaration wins), for documents.</summary>
    public ApiErrorDialect ForMetadata(IReadOnlyList<object> metadata)
    {
        for (var i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i] is ErrorDialectAttribute attribute)
            {
                return Named(attribute.Name);
            }
        }

        return registry.Default;
    }

    /// <summary>
    /// A dialect by the name an endpoint gave. Startup checks every endpoint's name; an endpoint added later with an
    /// unknown name gets the default dialect and one Warning, never a failed error response.
    /// </summary>
    private ApiErrorDialect Named(string name)
    {
        if (registry.TryGet(name, out var dialect))
        {
            return dialect;
        }

        if (_unknownNamesLogged.TryAdd(name, true))
        {
            ErrorMiddlewareLog.UnknownDialect(logger, name, registry.Default.Name);
        }

        return registry.Default;
    }

    /// <summary>
    /// The dialect whose own media type the client prefers: listed with a quality above zero, and at least as high
    /// as any plain JSON type (<c>application/json</c>, <c>application/*</c>, <c>*/*</c>) it lists.
    /// </summary>
    private ApiErrorDialect? FromAccept(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return null;
        }

        ApiErrorDialect? best = null;
        var bestQuality = 0.0;
        var jsonQuality = 0.0;
        foreach (var value in values)
        {
            var quality = value.Quality ?? 1.0;
            if (quality <= 0)
            {
                continue;
            }

            var mediaType = value.MediaType;
            foreach (var dialect in registry.Selectable)
            {
                if (quality > bestQuality && mediaType.Equals(dialect.AcceptMediaType, StringComparison.OrdinalIgnoreCase))
                {
                    best = dialect;
                    bestQuality = quality;
                }
            }

            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || mediaType.Equals("*/*", StringComparison.Ordinal))
            {
                jsonQuality = Math.Max(jsonQuality, quality);
            }
        }

        return best is not null && bestQuality >= jsonQuality ? best : null;
    }
}
