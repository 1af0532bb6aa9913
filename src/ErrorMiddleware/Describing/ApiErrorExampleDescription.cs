using System.Text.Json.Nodes;

namespace ErrorMiddleware;

/// <summary>One example body of an error response: one failure an endpoint can produce, written as it would be.</summary>
public sealed class ApiErrorExampleDescription
{
    /// <summary>The failure's name (<c>ValidationFailed</c>, <c>QuotaExceeded</c>, ...), unique within its content.</summary>
    public required string Name { get; init; }

    /// <summary>The example's summary: the documented code and message (<c>402000: Insufficient balance</c>).</summary>
    public required string Summary { get; init; }

    /// <summary>The body the endpoint writes for this failure, produced by the dialect's own writer.</summary>
    public required JsonNode? Value { get; init; }
}
