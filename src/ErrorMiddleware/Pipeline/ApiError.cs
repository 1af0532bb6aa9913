namespace ErrorMiddleware;

/// <summary>
/// An error on its way to the client, before a dialect is applied: a kind, a row, or a bare status, plus the
/// specific message, fields and details. Every entry point builds one of these and hands it to
/// <see cref="ErrorResponseWriter"/>.
/// </summary>
internal sealed class ApiError
{
    /// <summary>
    /// <see cref="ProblemType"/>, <see cref="ProblemTitle"/> and <see cref="Instance"/>, allocated only for an error
    /// that has one: three fields would add 24 bytes to every error.
    /// </summary>
    private ProblemMembers? _problem;

    private int _statusCode;

    public ErrorKind Kind { get; init; } = ErrorKind.InternalError;

    /// <summary>An explicit catalog row (from an <see cref="ApiException"/> or a mapping).</summary>
    public ErrorCode? Code { get; init; }

    /// <summary>A bare status (body-less responses, <c>Results.Problem</c>); the row is the one closest to it.</summary>
    /// <remarks>Kept as an <see cref="int"/> with 0 for none (no response has status 0): an <c>int?</c> takes 8 bytes, which with <see cref="Kind"/> would round every error up by 8.</remarks>
    public int? StatusCode { get => _statusCode == 0 ? null : _statusCode; init => _statusCode = value ?? 0; }

    /// <summary>The message the application chose for the client.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<FieldError> Fields { get; init; } = [];

    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    public Exception? Exception { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The error of a bare status; one shared instance per error status when there is no message (it is immutable).</summary>
    public static ApiError FromStatus(int statusCode, string? message = null) =>
        message is null && statusCode is >= 400 and <= 599
            ? s_byStatus[statusCode - 400] ??= CreateFromStatus(statusCode, null)
            : CreateFromStatus(statusCode, message);

    public static ApiError FromException(ApiException exception, Exception? original = null) => new()
    {
        Kind = exception.Kind,
        Code = exception.Code,
        Message = exception.SpecificMessage,
        Fields = exception.Fields ?? [],
        Details = exception.Details,
        RetryAfter = exception.RetryAfter,
        Exception = original ?? exception,
    };

    /// <summary>The <c>type</c> of a <c>ProblemDetails</c> the application returned (the ProblemDetails dialect writes it).</summary>
    public string? ProblemType { get => _problem?.Type; init => _problem = ProblemMembers.WithType(_problem, value); }

    /// <summary>The <c>title</c> of a <c>ProblemDetails</c> the application returned (the ProblemDetails dialect writes it).</summary>
    public string? ProblemTitle { get => _problem?.Title; init => _problem = ProblemMembers.WithTitle(_problem, value); }

    /// <summary>The <c>instance</c> of a <c>ProblemDetails</c> the application returned; the request's path when <see langword="null"/>.</summary>
    public string? Instance { get => _problem?.Instance; init => _problem = ProblemMembers.WithInstance(_problem, value); }

    /// <summary>The message-less errors of the statuses 400-599, created on first use.</summary>
    private static readonly ApiError?[] s_byStatus = new ApiError?[200];

    private static ApiError CreateFromStatus(int statusCode, string? message) => new()
    {
        Kind = ErrorCodes.ErrorKindForStatus(statusCode),
        StatusCode = statusCode,
        Message = message,
    };
}
