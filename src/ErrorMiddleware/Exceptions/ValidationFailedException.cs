namespace ErrorMiddleware;

/// <summary>
/// Validation failed: BusinessCode 400 / 100002; Wanqing 400 InvalidArgument.MissingRequiredParameter when a
/// required field is missing, else InvalidArgument.RequestBodyInvalid; ProblemDetails with an <c>errors</c> member.
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
