namespace ErrorMiddleware;

/// <summary>An error resolved for one dialect: everything a dialect writer needs, nothing it must look up.</summary>
internal sealed class ErrorPayload
{
    public required ErrorDialect Dialect { get; init; }

    public required ErrorCode Row { get; init; }

    public required int StatusCode { get; init; }

    public required string Message { get; init; }

    /// <summary>The field the error is about (Wanqing's <c>param</c>).</summary>
    public string? Param { get; init; }

    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    public required string RequestId { get; init; }

    public required string TraceId { get; init; }

    public required string Instance { get; init; }

    /// <summary>The exception whose details are written; <see langword="null"/> when details are hidden.</summary>
    public Exception? ExceptionDetails { get; init; }
}
