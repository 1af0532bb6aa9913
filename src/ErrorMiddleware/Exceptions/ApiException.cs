namespace ErrorMiddleware;

/// <summary>
/// The base of every domain exception. It carries one failure — a portable <see cref="ErrorKind"/> or one
/// catalog row (<see cref="ErrorCode"/>) — an optional specific message for the client and optional details.
/// </summary>
/// <remarks>
/// The specific message is chosen by the application for its clients and is shown for every status (as
/// <c>msg</c>, <c>message</c> or <c>detail</c>); the messages of other exceptions never are.
/// </remarks>
public class ApiException : Exception
{
    /// <summary>Creates an exception for a portable failure.</summary>
    /// <param name="kind">The failure.</param>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ApiException(ErrorKind kind, string? message = null, Exception? innerException = null)
        : base(message ?? DefaultMessage(kind), innerException)
    {
        EnsureRaisable(kind, nameof(kind));
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
        EnsureRaisable(code, nameof(code));
        Code = code;
        Kind = code.Kind;
        SpecificMessage = message;
    }

    /// <summary>The guard shared with <see cref="ApiResults"/>: the kinds that are not an error a handler can raise.</summary>
    internal static void EnsureRaisable(ErrorKind kind, string paramName)
    {
        if (kind is ErrorKind.None or ErrorKind.ClientClosedRequest or ErrorKind.ConnectionInterrupted or ErrorKind.Custom)
        {
            throw new ArgumentOutOfRangeException(paramName, kind,
                kind == ErrorKind.Custom
                    ? "A custom error needs its row: use ApiException(ErrorCode.Business(...)) or ApiException(ErrorCode.WanqingCode(...))."
                    : "This kind is not an error that can be thrown.");
        }
    }

    /// <summary>The guard shared with <see cref="ApiResults"/>: a row whose status is not 4xx/5xx is not an error.</summary>
    internal static void EnsureRaisable(ErrorCode code, string paramName)
    {
        if (code.StatusCode is < 400 or > 599)
        {
            throw new ArgumentException($"The row '{code.Code}' (HTTP {code.StatusCode}) is not an error and cannot be thrown.", paramName);
        }
    }

    /// <summary>
    /// The exception's own message when the application chose none: the failure's name, not a row's text, because
    /// the dialect (and so the code and message the client gets) is only known when the error is written.
    /// </summary>
    private static string DefaultMessage(ErrorKind kind) => "The API error " + kind + " was raised.";

    /// <summary>The portable failure (for a row, the row's kind).</summary>
    public ErrorKind Kind { get; }

    /// <summary>The catalog row, when the exception was created from one.</summary>
    public ErrorCode? Code { get; }

    /// <summary>The message chosen by the application, or <see langword="null"/> for the documented message.</summary>
    public string? SpecificMessage { get; }

    /// <summary>
    /// Structured details written with the error (<see cref="ResolvedError.Extensions"/>; BusinessCode: inside
    /// <c>data</c>; ProblemDetails: extension members; Wanqing: members of the <c>error</c> object, which OpenAI SDKs
    /// ignore). Values fill the row's placeholders (<c>{CustomerId}</c>) of the same name. Values should be JSON
    /// primitives, strings, <see cref="System.Text.Json.JsonElement"/>, or lists and dictionaries of those.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    /// <summary>The failed fields, for validation failures.</summary>
    public IReadOnlyList<FieldError>? Fields { get; init; }

    /// <summary>When the client may retry; written as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
