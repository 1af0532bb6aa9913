using Microsoft.Extensions.DependencyInjection;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ErrorMiddleware;

/// <summary>Documents the errors ErrorMiddleware writes in Swashbuckle's OpenAPI documents.</summary>
public static class ApiErrorsSwaggerGenOptionsExtensions
{
    /// <summary>
    /// Adds to each operation the error responses it can produce, as <see cref="ApiErrorResponseDescriber"/> describes
    /// them: status, the dialect's schema (a component: <c>BusinessCodeError</c>, <c>WanqingError</c> or
    /// <c>ProblemDetailsError</c>) and example bodies written by the same writers as the real responses. Works with
    /// Swashbuckle.AspNetCore 10 and 11. Requires <c>AddApiErrors()</c>.
    /// </summary>
    /// <param name="options">Swashbuckle's generator options.</param>
    /// <returns>The options.</returns>
    public static SwaggerGenOptions AddApiErrorResponses(this SwaggerGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.OperationFilter<ApiErrorResponsesOperationFilter>();
        return options;
    }
}
