using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>
/// Converts the JSON Schema of a dialect's error body (<see cref="ApiErrorContentDescription.Schema"/>) to the
/// OpenAPI object model: the subset the dialects use (type, description, format, required, properties, items,
/// additionalProperties). Compiled into ErrorMiddleware.OpenApi and ErrorMiddleware.Swashbuckle.
/// </summary>
internal static class ApiErrorSchemas
{
    public static OpenApiSchema Convert(JsonObject json)
    {
        var schema = new OpenApiSchema
        {
            Description = (string?)json["description"],
            Format = (string?)json["format"],
        };

        if (json["type"] is { } type)
        {
            schema.Type = type is JsonArray types
                ? types.Select(t => TypeOf((string?)t)).Aggregate((a, b) => a | b)
                : TypeOf((string?)type);
        }

        if (json["required"] is JsonArray required)
        {
            schema.Required = new HashSet<string>(required.Select(r => (string)r!));
        }

        if (json["properties"] is JsonObject properties)
        {
            schema.Properties = properties.ToDictionary(p => p.Key, p => (IOpenApiSchema)Convert((JsonObject)p.Value!));
        }

        if (json["items"] is JsonObject items)
        {
            schema.Items = Convert(items);
        }

        if (json["additionalProperties"] is JsonObject additional)
        {
            schema.AdditionalProperties = Convert(additional);
        }

        return schema;
    }

    public static JsonSchemaType TypeOf(string? name) => name switch
    {
        "object" => JsonSchemaType.Object,
        "array" => JsonSchemaType.Array,
        "string" => JsonSchemaType.String,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "boolean" => JsonSchemaType.Boolean,
        "null" => JsonSchemaType.Null,
        _ => throw new InvalidOperationException($"The JSON Schema type '{name}' is not supported in error schemas."),
    };

    /// <summary>A field of a request body for the validation example: its first required property, else its first property.</summary>
    public static string? BodyFieldName(IEnumerable<IOpenApiSchema?> bodySchemas)
    {
        foreach (var schema in bodySchemas)
        {
            if (schema?.Required is { Count: > 0 } required)
            {
                return required.First();
            }

            if (schema?.Properties is { Count: > 0 } properties)
            {
                return properties.Keys.First();
            }
        }

        return null;
    }

    /// <summary>The media type of one dialect's content, with its schema and named examples.</summary>
    public static OpenApiMediaType MediaType(ApiErrorContentDescription content, IOpenApiSchema schema) => new()
    {
        Schema = schema,
        Examples = content.Examples.ToDictionary(
            e => e.Name,
            e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = e.Value?.DeepClone() },
            StringComparer.Ordinal),
    };

    /// <summary>The headers of an error response.</summary>
    public static Dictionary<string, IOpenApiHeader> Headers(ApiErrorResponseDescription response) =>
        response.Headers.ToDictionary(
            h => h.Name,
            h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = new OpenApiSchema { Type = TypeOf(h.Type) } },
            StringComparer.OrdinalIgnoreCase);
}
