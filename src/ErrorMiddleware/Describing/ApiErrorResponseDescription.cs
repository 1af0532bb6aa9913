namespace ErrorMiddleware;

/// <summary>One error status an endpoint can answer with, and its body in each dialect a client can get.</summary>
public sealed class ApiErrorResponseDescription
{
    /// <summary>The HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The status's reason phrase (<c>Payment Required</c>).</summary>
    public required string Description { get; init; }

    /// <summary>The headers every response with this status carries.</summary>
    public required IReadOnlyList<ApiErrorHeaderDescription> Headers { get; init; }

    /// <summary>The body in the endpoint's dialect first, then in the dialects a client can ask for with <c>Accept</c>.</summary>
    public required IReadOnlyList<ApiErrorContentDescription> Content { get; init; }
}
