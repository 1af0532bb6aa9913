namespace ErrorMiddleware;

/// <summary>
/// An error resolved for one dialect: the catalog row, the status, the message and everything else a dialect
/// writes. It is immutable; <see cref="ApiErrorsOptions.OnError"/> replaces it with a changed copy
/// (<c>context.Error = context.Error with { Message = "..." }</c>). What identifies the request and the failure
/// (<see cref="Dialect"/>, <see cref="Kind"/>, <see cref="RequestId"/>, <see cref="Instance"/>) cannot be changed.
/// </summary>
public sealed record ResolvedError
{
    /// <summary>
    /// <see cref="ProblemType"/> and <see cref="ProblemTitle"/>, allocated only for an error that has one: two fields
    /// would add 16 bytes to every error. Immutable with value equality, so <c>with</c> and equality behave as fields.
    /// </summary>
    private ProblemMembers? _problem;

    /// <summary>The name of the dialect the error is written in (<c>"BusinessCode"</c>, <c>"Wanqing"</c>, ...).</summary>
    public string Dialect { get; internal init; } = string.Empty;

    /// <summary>The portable failure, as classified before the dialect chose its row.</summary>
    public ErrorKind Kind { get; internal init; }

    /// <summary>The catalog row written (the application's overrides applied).</summary>
    public required ErrorCode Code { get; init; }

    /// <summary>The HTTP status written (400-599; <see cref="ApiErrorsOptions.OnError"/> may change it within that range).</summary>
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
    public string RequestId { get; internal init; } = string.Empty;

    /// <summary>The request's path (ProblemDetails' <c>instance</c>), capped like every echoed input.</summary>
    public string Instance { get; internal init; } = "/";

    /// <summary>When the client may retry; written as <c>Retry-After</c> (a dialect may cap it).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The exception whose details are written; <see langword="null"/> when details are hidden.</summary>
    public Exception? ExceptionDetails { get; init; }

    /// <summary>
    /// The problem type URI the ProblemDetails dialect writes as <c>type</c>: the one of a <c>ProblemDetails</c> the
    /// application returned, or set by <c>ProblemDetailsOptions.CustomizeProblemDetails</c>; <see langword="null"/> for
    /// the RFC 9110 section of <see cref="StatusCode"/>. The other built-in dialects have no such member.
    /// </summary>
    public string? ProblemType { get => _problem?.Type; init => _problem = ProblemMembers.WithType(_problem, value); }

    /// <summary>
    /// The title the ProblemDetails dialect writes as <c>title</c>: the one of a <c>ProblemDetails</c> the application
    /// returned, or set by <c>ProblemDetailsOptions.CustomizeProblemDetails</c>; <see langword="null"/> for the reason
    /// phrase of <see cref="StatusCode"/>. The other built-in dialects have no such member.
    /// </summary>
    public string? ProblemTitle { get => _problem?.Title; init => _problem = ProblemMembers.WithTitle(_problem, value); }
}
