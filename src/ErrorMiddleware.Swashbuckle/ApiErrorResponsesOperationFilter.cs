using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ErrorMiddleware;

/// <summary>
/// Adds the error responses an operation can produce to Swashbuckle's document, as
/// <see cref="ApiErrorResponseDescriber"/> describes them: status, the dialect's schema as a shared component and
/// example bodies written exactly as a real failure would be.
/// </summary>
internal sealed class ApiErrorResponsesOperationFilter(IServiceProvider services) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var describer = services.GetService<ApiErrorResponseDescriber>()
            ?? throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'builder.Services.AddApiErrors()' before building the application.");

        var responses = describer.Describe(context.ApiDescription, ApiErrorSchemas.BodyFieldName(OpenApiContent.RequestBodySchemas(operation.RequestBody)));

        operation.Responses ??= [];
        foreach (var response in responses)
        {
            var key = response.StatusCode.ToString(CultureInfo.InvariantCulture);
            var existing = operation.Responses.TryGetValue(key, out var found) ? found : null;
            var replacement = new OpenApiResponse
            {
                Description = string.IsNullOrEmpty(existing?.Description) ? response.Description : existing.Description,
                Headers = ApiErrorSchemas.Headers(response),
            };
            OpenApiContent.Set(replacement, response.Content.Select(c => KeyValuePair.Create(c.MediaType, ApiErrorSchemas.MediaType(c, SchemaFor(c, context)))));
            operation.Responses[key] = replacement;
        }
    }

    /// <summary>The dialect's schema, registered once per document as the component <c>{Dialect}Error</c>.</summary>
    private static OpenApiSchemaReference SchemaFor(ApiErrorContentDescription content, OperationFilterContext context)
    {
        context.SchemaRepository.Schemas.TryAdd(content.SchemaId, ApiErrorSchemas.Convert(content.Schema));
        return new OpenApiSchemaReference(content.SchemaId, context.Document);
    }
}
