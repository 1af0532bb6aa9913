namespace ErrorMiddleware;

/// <summary>
/// An error resolved for one dialect: the catalog row, the status, the message and everything else a dialect
/// writes. It is immutable; <see cref="ApiErrorsOptions.OnError"/> replaces it with a changed copy
/// (<c>context.Error = context.Error with { Message = "..." }</c>).
/// </summary>
public sealed record ResolvedError
{
    /// <summary>The name of the dialect the error is written in (<c>"BusinessCode"</c>, <c>"Wanqing"</c>, ...).</summary>
    public required string Dialect { get; init; }

    /// <summary>The portable failure, as classified before the dialect chose its row.</summary>
    public required ErrorKind Kind { get; init; }

    /// <summary>The catalog row written (the application's overrides applied).</summary>
    public required ErrorCode Code { get; init; }

    /// <summary>The HTTP status written.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The message written: the application's specific message, else the one the dialect composed.</summary>
    public required string Message { get; init; }

    /// <summary>The request field the error is about (Wanqing's <c>param</c>), or <see langword="null"/>.</summary>
    public string? Param { get; init; }

    /// <summary>The failed fields, for validation and binding failures; empty otherwise.</summary>
    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    /// <summary>
    /// Extra members written with the error (BusinessCode: inside <c>data</c>; ProblemDetails: extension members;
    /// Wanqing: members of the <c>error</c> object). Values are JSON primitives, strings,
    /// <see cref="System.Text.Json.JsonElement"/>, or lists and dictionaries of those.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>The request id, also sent in the request-id header.</summary>
    public required string RequestId { get; init; }

    /// <summary>The request's path (ProblemDetails' <c>instance</c>).</summary>
    public required string Instance { get; init; }

    /// <summary>When the client may retry; written as <c>Retry-After</c> (a dialect may cap it).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The exception whose details are written; <see langword="null"/> when details are hidden.</summary>
    public Exception? ExceptionDetails { get; init; }
}
