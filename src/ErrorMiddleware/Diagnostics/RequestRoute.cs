using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace ErrorMiddleware;

/// <summary>
/// The <c>http.route</c> of a request as ASP.NET Core's own <c>http.server.request.duration</c> reports it: the route
/// template of the endpoint (the one the framework's exception handler cleared, when it did), <c>/</c> for an empty
/// template, <see langword="null"/> when no endpoint matched (an unmatched path must not become a tag value).
/// </summary>
internal static class RequestRoute
{
    public static string? Of(HttpContext context)
    {
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is null)
        {
            return null;
        }

        var route = endpoint.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return route switch
        {
            null => null,
            "" => "/",
            _ => route,
        };
    }
}
