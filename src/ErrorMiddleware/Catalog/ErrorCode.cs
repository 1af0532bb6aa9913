using System.Globalization;
using System.Text;

namespace ErrorMiddleware;

/// <summary>
/// One row of an error catalog: the HTTP status, the code and the message a dialect documents for a failure.
/// </summary>
/// <remarks>
/// The well-known rows of both documents are in <see cref="ErrorCodes"/>; applications define their own
/// with <see cref="Business(int, string, int?)"/> and <see cref="WanqingCode(string, int, string)"/>.
/// </remarks>
public sealed class ErrorCode : IEquatable<ErrorCode>
{
    internal ErrorCode(ErrorDialect dialect, ErrorKind kind, int statusCode, string code, string message, string? meaning, bool isDerived,
        ErrorKind[]? servedKinds = null, int? defaultForStatus = null)
    {
        ServedKinds = servedKinds ?? [];
        DefaultForStatus = defaultForStatus;
        Dialect = dialect;
        Kind = kind;
        StatusCode = statusCode;
        Code = code;
        Message = message;
        Meaning = meaning;
        IsDerived = isDerived;
        NumericCode = dialect == ErrorDialect.BusinessCode && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)
            ? numeric
            : null;
        ShortMessage = TrimExample(message);
    }

    /// <summary>The dialect whose document lists this row (<see cref="ErrorDialect.BusinessCode"/> rows also serve <see cref="ErrorDialect.ProblemDetails"/>).</summary>
    public ErrorDialect Dialect { get; }

    /// <summary>The portable failure this row stands for; <see cref="ErrorKind.Custom"/> for application-defined rows.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The HTTP status the document gives for this row.</summary>
    public int StatusCode { get; }

    /// <summary>The code exactly as the document writes it (<c>"100001"</c>, <c>"InvalidArgument.RequestBodyInvalid"</c>).</summary>
    public string Code { get; }

    /// <summary>The code as a number, for <see cref="ErrorDialect.BusinessCode"/> rows; otherwise <see langword="null"/>.</summary>
    public int? NumericCode { get; }

    /// <summary>The message exactly as the document writes it (including its placeholders and spelling).</summary>
    public string Message { get; }

    /// <summary>The document's explanation of the row, where it has one.</summary>
    public string? Meaning { get; }

    /// <summary>
    /// <see langword="true"/> when the document names the status but no code, and the code was derived
    /// (BusinessCode: status × 1000; Wanqing: the HTTP reason phrase).
    /// </summary>
    public bool IsDerived { get; }

    /// <summary>The portable failures this row is the documented answer for, in its catalog (empty for alternates and application rows).</summary>
    internal IReadOnlyList<ErrorKind> ServedKinds { get; }

    /// <summary>The body-less status this row answers, as the documented row closest in meaning; <see langword="null"/> for none.</summary>
    internal int? DefaultForStatus { get; }

    /// <summary>The message without a trailing "(e.g., ...)" example, used as the prefix of composed messages.</summary>
    internal string ShortMessage { get; }

    /// <summary>
    /// Defines an application-specific business code. Its HTTP status follows the document's rule when
    /// <paramref name="statusCode"/> is omitted: the first three digits where they are an HTTP status
    /// (401xxx → 401), 100xxx → 400, 130xxx → 429, other 5xxxxx → 500.
    /// </summary>
    /// <param name="code">A positive business code, at least three digits long.</param>
    /// <param name="message">The message written in <c>msg</c> when the exception carries no specific message.</param>
    /// <param name="statusCode">The HTTP status; derived from the code when omitted.</param>
    /// <returns>The new catalog row, of kind <see cref="ErrorKind.Custom"/>.</returns>
    public static ErrorCode Business(int code, string message, int? statusCode = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentException.ThrowIfNullOrEmpty(message);
        var status = statusCode ?? StatusForBusinessCode(code);
        ValidateStatus(status, nameof(statusCode));
        return new ErrorCode(ErrorDialect.BusinessCode, ErrorKind.Custom, status, code.ToString(CultureInfo.InvariantCulture), message, meaning: null, isDerived: false);
    }

    /// <summary>Defines an application-specific Wanqing code.</summary>
    /// <param name="code">The string code, for example <c>"InvalidArgument.ModelNotFound"</c>.</param>
    /// <param name="statusCode">The HTTP status (400-599).</param>
    /// <param name="message">The message written when the exception carries no specific message.</param>
    /// <returns>The new catalog row, of kind <see cref="ErrorKind.Custom"/>.</returns>
    public static ErrorCode WanqingCode(string code, int statusCode, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(message);
        ValidateStatus(statusCode, nameof(statusCode));
        return new ErrorCode(ErrorDialect.Wanqing, ErrorKind.Custom, statusCode, code, message, meaning: null, isDerived: false);
    }

    /// <summary>
    /// Returns <see cref="Message"/> with its placeholders (<c>{CustomerId}</c>, <c>{Action}</c>, <c>{Apikey}</c>,
    /// and the <c>xxx</c> of "The xxx parameter is required.") replaced by the given values.
    /// </summary>
    /// <param name="values">Placeholder name (without braces) to value. The key <c>"xxx"</c> fills the <c>xxx</c> placeholder.</param>
    /// <returns>The formatted message; placeholders without a value are left as they are.</returns>
    public string FormatMessage(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder(Message);
        foreach (var (name, value) in values)
        {
            if (name == "xxx")
            {
                builder.Replace("The xxx ", "The " + value + " ");
            }
            else
            {
                builder.Replace("{" + name + "}", value);
            }
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public bool Equals(ErrorCode? other) =>
        other is not null && other.Dialect == Dialect && other.StatusCode == StatusCode
        && string.Equals(other.Code, Code, StringComparison.Ordinal) && string.Equals(other.Message, Message, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ErrorCode);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Dialect, StatusCode, Code, Message);

    /// <inheritdoc />
    public override string ToString() => $"{Dialect} {StatusCode} {Code}: {Message}";

    /// <summary>The HTTP status of a business code by the document's rule.</summary>
    internal static int StatusForBusinessCode(int code)
    {
        if (code is >= 100000 and < 200000)
        {
            return code / 1000 == 130 ? 429 : 400;
        }

        var digits = code.ToString(CultureInfo.InvariantCulture);
        if (digits.Length >= 3 && int.TryParse(digits.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            && prefix is >= 400 and <= 599 && !string.IsNullOrEmpty(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(prefix)))
        {
            return prefix;
        }

        return digits[0] == '5' ? 500 : 400;
    }

    private static void ValidateStatus(int status, string paramName)
    {
        if (status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(paramName, status, "An error's HTTP status must be between 400 and 599.");
        }
    }

    private static string TrimExample(string message)
    {
        var index = message.IndexOf(" (e.g.", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }
}
