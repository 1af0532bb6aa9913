namespace ErrorMiddleware;

/// <summary>
/// Validation failed: <see cref="ErrorKind.ValidationFailed"/> with the failed fields (a dialect may write a missing
/// required field as <see cref="ErrorKind.RequiredParameterMissing"/>); the row each dialect writes for it is in <see cref="ErrorCodes"/> (docs/errors.md).
/// </summary>
public class ValidationFailedException : ApiException
{
    /// <summary>Creates the exception from the failed fields.</summary>
    /// <param name="fields">The failed fields (at least one).</param>
    /// <param name="message">A specific message; composed from the fields when <see langword="null"/>.</param>
    public ValidationFailedException(IReadOnlyList<FieldError> fields, string? message = null)
        : base(ErrorKind.ValidationFailed, message)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
    }

    /// <summary>Creates the exception for one failed field.</summary>
    /// <param name="field">The field's JSON name.</param>
    /// <param name="message">The message for the client.</param>
    public ValidationFailedException(string field, string message)
        : this([new FieldError(field, message)])
    {
    }
}
