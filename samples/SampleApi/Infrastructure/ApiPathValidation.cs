using System.Text.RegularExpressions;
using ErrorMiddleware;

namespace SampleApi.Infrastructure;

/// <summary>
/// Tells a client why an <c>/api/...</c> path matched no route, the way the BusinessCode document does: the path must
/// be <c>/api/{version}/{module}/...</c> (400001), the version one the API serves (400002), the module one of that
/// version (400003); a well-formed path to a known module that still matches nothing is a plain 404 (404000).
/// The versions and modules are read from the app's own routes, so they cannot drift from them.
/// </summary>
internal static partial class ApiPathValidation
{
    private const string Prefix = "/api";

    public static IApplicationBuilder UseApiPathValidation(this IApplicationBuilder app)
    {
        var endpoints = app.ApplicationServices.GetRequiredService<EndpointDataSource>();
        var known = new Lazy<ILookup<string, string>>(() => KnownModules(endpoints));
        return app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null && context.Request.Path.StartsWithSegments(Prefix, out var rest))
            {
                Validate(rest.Value ?? string.Empty, known.Value);
            }

            await next(context);
        });
    }

    private static void Validate(string path, ILookup<string, string> known)
    {
        var segments = path.Split('/');

        // segments[0] is the empty string before the leading slash.
        if (segments.Length < 3 || segments.Skip(1).Any(segment => !Segment().IsMatch(segment)))
        {
            throw new ApiException(ErrorCodes.Business.InvalidPathFormat, "The path must be /api/{version}/{module}/...");
        }

        var version = segments[1];
        if (!known.Contains(version))
        {
            throw new ApiException(ErrorCodes.Business.InvalidVersion, $"The version '{version}' does not exist; use {string.Join(", ", known.Select(g => g.Key))}.");
        }

        var module = segments[2];
        if (!known[version].Contains(module, StringComparer.Ordinal))
        {
            throw new ApiException(ErrorCodes.Business.InvalidModuleName, $"The module '{module}' does not exist in {version}.");
        }
    }

    private static ILookup<string, string> KnownModules(EndpointDataSource endpoints) =>
        endpoints.Endpoints
            .OfType<RouteEndpoint>()
            .Select(endpoint => endpoint.RoutePattern.PathSegments)
            .Where(segments => segments.Count >= 3 && Literal(segments[0]) == "api" && Literal(segments[1]) is not null && Literal(segments[2]) is not null)
            .Select(segments => (Version: Literal(segments[1])!, Module: Literal(segments[2])!))
            .Distinct()
            .ToLookup(pair => pair.Version, pair => pair.Module, StringComparer.Ordinal);

    private static string? Literal(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        segment.IsSimple && segment.Parts[0] is Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal ? literal.Content : null;

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex Segment();
}
