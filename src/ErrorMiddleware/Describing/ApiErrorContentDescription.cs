using System.Text.Json.Nodes;

namespace ErrorMiddleware;

/// <summary>The body of an error response in one dialect: media type, JSON Schema and example bodies.</summary>
public sealed class ApiErrorContentDescription
{
    /// <summary>The dialect that writes this body.</summary>
    public required ApiErrorDialect Dialect { get; init; }

    /// <summary>The media type, without parameters (<c>application/json</c>, <c>application/problem+json</c>).</summary>
    public required string MediaType { get; init; }

    /// <summary>The name under which the schema is shared between operations: <c>{Dialect}Error</c>.</summary>
    public required string SchemaId { get; init; }

    /// <summary>
    /// The body's JSON Schema (<see cref="ApiErrorDialect.CreateSchema"/>, or a plain object schema when the dialect
    /// has none). Each description has its own copy.
    /// </summary>
    public required JsonObject Schema { get; init; }

    /// <summary>One example per distinct documented code, in the order the failures are documented.</summary>
    public required IReadOnlyList<ApiErrorExampleDescription> Examples { get; init; }
}
