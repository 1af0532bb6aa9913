using Microsoft.AspNetCore.OpenApi;

namespace ErrorMiddleware;

/// <summary>Documents the errors ErrorMiddleware writes in the OpenAPI documents of <c>Microsoft.AspNetCore.OpenApi</c>.</summary>
public static class ApiErrorsOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds to each operation the error responses it can produce, in the endpoint's dialect: status, the dialect's
    /// schema (a component: <c>BusinessCodeError</c>, <c>WanqingError</c> or <c>ProblemDetailsError</c>) and example
    /// bodies written by the same writers as the real responses, from the configured catalog:
    /// 400 (body invalid, validation failed) on endpoints with a body; 401 (and Wanqing's 400 for an invalid key)
    /// on endpoints that require authorization, plus 403 when a policy or roles are required; the quota error on
    /// endpoints with a quota cost; 429 with <c>Retry-After</c> on rate-limited endpoints; 404 on endpoints with
    /// route parameters; and 500 on every endpoint. Requires <c>AddApiErrors()</c>.
    /// </summary>
    /// <param name="options">The OpenAPI document options.</param>
    /// <returns>The options.</returns>
    public static OpenApiOptions AddApiErrorResponses(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddOperationTransformer(new ApiErrorResponsesOperationTransformer());
    }
}
