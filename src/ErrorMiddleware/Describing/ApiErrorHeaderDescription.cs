namespace ErrorMiddleware;

/// <summary>A header an error response carries (the request id; <c>Retry-After</c> on 429).</summary>
public sealed class ApiErrorHeaderDescription
{
    /// <summary>The header's name.</summary>
    public required string Name { get; init; }

    /// <summary>What the header says.</summary>
    public required string Description { get; init; }

    /// <summary>The JSON Schema type of its value: <c>string</c> or <c>integer</c>.</summary>
    public required string Type { get; init; }
}
