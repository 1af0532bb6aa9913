namespace ErrorMiddleware;

/// <summary>
/// The base of every domain exception. It carries one failure — a portable <see cref="ErrorKind"/> or one
/// catalog row (<see cref="ErrorCode"/>) — an optional specific message for the client and optional details.
/// </summary>
/// <remarks>
/// The specific message is shown to clients for 4xx failures (as <c>msg</c>, <c>message</c> or <c>detail</c>);
/// for 5xx failures the documented message is shown and the specific one is only logged, outside Development.
/// </remarks>
public class ApiException : Exception
{
    /// <summary>Creates an exception for a portable failure.</summary>
    /// <param name="kind">The failure.</param>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiException(ErrorKind kind, string? message = null, Exception? innerException = null)
        : base(message ?? ErrorCodes.For(kind, ErrorDialect.BusinessCode).Message, innerException)
    {
        Kind = kind;
        SpecificMessage = message;
    }

    /// <summary>Creates an exception for one catalog row, written as is in that row's dialect.</summary>
    /// <param name="code">The row (a well-known one from <see cref="ErrorCodes"/>, or an application-defined one).</param>
    /// <param name="message">A specific message for the client; the row's message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiException(ErrorCode code, string? message = null, Exception? innerException = null)
        : base(message ?? (code ?? throw new ArgumentNullException(nameof(code))).Message, innerException)
    {
        Code = code;
        Kind = code.Kind;
        SpecificMessage = message;
    }

    /// <summary>The portable failure (for a row, the row's kind).</summary>
    public ErrorKind Kind { get; }

    /// <summary>The catalog row, when the exception was created from one.</summary>
    public ErrorCode? Code { get; }

    /// <summary>The message chosen by the application, or <see langword="null"/> for the documented message.</summary>
    public string? SpecificMessage { get; }

    /// <summary>
    /// Structured details written with the error (BusinessCode: <c>data</c>; ProblemDetails: extension members;
    /// Wanqing: ignored, as OpenAI-compatible clients do not read them). Values should be JSON primitives,
    /// strings, <see cref="System.Text.Json.JsonElement"/>, or lists and dictionaries of those.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    /// <summary>The failed fields, for validation failures.</summary>
    public IReadOnlyList<FieldError>? Fields { get; init; }

    /// <summary>When the client may retry; written as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
