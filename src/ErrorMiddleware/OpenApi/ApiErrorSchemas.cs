using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>
/// The schemas of the dialects' error bodies, registered once per document as components named
/// <c>{Dialect}Error</c>. Each dialect describes its body as JSON Schema (<see cref="ApiErrorDialect.CreateSchema"/>);
/// this converts the subset the dialects use (type, description, format, required, properties, items,
/// additionalProperties) to the OpenAPI object model.
/// </summary>
internal static class ApiErrorSchemas
{
    public static string IdFor(ApiErrorDialect dialect) => dialect.Name + "Error";

    public static OpenApiSchema Create(ApiErrorDialect dialect) =>
        dialect.CreateSchema() is { } schema ? Convert(schema) : new OpenApiSchema { Type = JsonSchemaType.Object, Description = dialect.Name + " error." };

    private static OpenApiSchema Convert(JsonObject json)
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

    private static JsonSchemaType TypeOf(string? name) => name switch
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
}
