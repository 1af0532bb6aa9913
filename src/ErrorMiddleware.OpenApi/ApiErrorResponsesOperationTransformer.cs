using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>
/// Adds the error responses an operation can produce, as <see cref="ApiErrorResponseDescriber"/> describes them:
/// status, the dialect's schema as a shared component, and example bodies written exactly as a real failure would be.
/// </summary>
internal sealed class ApiErrorResponsesOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var describer = context.ApplicationServices.GetService<ApiErrorResponseDescriber>()
            ?? throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");

        var bodySchemas = operation.RequestBody?.Content?.Values.Select(m => m.Schema) ?? [];
        var responses = describer.Describe(context.Description, ApiErrorSchemas.BodyFieldName(bodySchemas));

        operation.Responses ??= [];
        foreach (var response in responses)
        {
            var key = response.StatusCode.ToString(CultureInfo.InvariantCulture);
            var existing = operation.Responses.TryGetValue(key, out var found) ? found : null;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = string.IsNullOrEmpty(existing?.Description) ? response.Description : existing.Description,
                Content = response.Content.ToDictionary(
                    c => c.MediaType,
                    c => ApiErrorSchemas.MediaType(c, SchemaFor(c, context.Document)),
                    StringComparer.Ordinal),
                Headers = ApiErrorSchemas.Headers(response),
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The dialect's schema, registered once per document as the component <c>{Dialect}Error</c>.</summary>
    private static IOpenApiSchema SchemaFor(ApiErrorContentDescription content, OpenApiDocument? document)
    {
        if (document is null)
        {
            return ApiErrorSchemas.Convert(content.Schema);
        }

        if (document.Components?.Schemas?.ContainsKey(content.SchemaId) != true)
        {
            document.AddComponent(content.SchemaId, ApiErrorSchemas.Convert(content.Schema));
        }

        return new OpenApiSchemaReference(content.SchemaId, document);
    }
}
