namespace ErrorMiddleware;

/// <summary>
/// One failed field of a request: the JSON name the client sent (<c>prompt</c>, <c>messages[0].role</c>),
/// the message, and the validator's error code where it has one.
/// </summary>
/// <remarks>
/// Echoed input is capped: a field longer than 256 characters is cut there, and a message longer than 1,024
/// characters is cut there; either is then marked by appending <c>...(truncated)</c>.
/// </remarks>
public sealed class FieldError
{
    /// <summary>Creates a field error.</summary>
    /// <param name="field">The field's JSON path as the client sent it; empty for the body as a whole. Cut at 256 characters.</param>
    /// <param name="message">The message for the client. Cut at 1,024 characters.</param>
    /// <param name="code">The validator's error code (for example FluentValidation's <c>NotEmptyValidator</c>), if any.</param>
    /// <param name="isMissing"><see langword="true"/> when the failure is "a required field is missing".</param>
    public FieldError(string field, string message, string? code = null, bool isMissing = false)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(message);
        Field = FieldNameResolver.Cap(field);
        Message = FieldNameResolver.Cap(message, 4 * FieldNameResolver.MaxEchoLength);
        Code = code;
        IsMissing = isMissing;
    }

    /// <summary>The field's JSON path as the client sent it; empty for the body as a whole.</summary>
    public string Field { get; }

    /// <summary>The message for the client.</summary>
    public string Message { get; }

    /// <summary>The validator's error code, if any.</summary>
    public string? Code { get; }

    /// <summary><see langword="true"/> when the failure is "a required field is missing".</summary>
    public bool IsMissing { get; }

    /// <inheritdoc />
    public override string ToString() => Field.Length == 0 ? Message : Field + ": " + Message;
}
