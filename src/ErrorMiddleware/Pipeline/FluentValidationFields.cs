using FluentValidation.Results;

namespace ErrorMiddleware;

/// <summary>Turns FluentValidation failures into <see cref="FieldError"/>s with the client's JSON names.</summary>
internal static class FluentValidationFields
{
    public static IReadOnlyList<FieldError> From(IEnumerable<ValidationFailure> failures)
    {
        var fields = new List<FieldError>();
        foreach (var failure in failures)
        {
            if (failure.Severity != FluentValidation.Severity.Error)
            {
                continue;
            }

            var field = FieldNames.ToJsonPath(failure.PropertyName);
            fields.Add(new FieldError(field, failure.ErrorMessage, failure.ErrorCode, IsMissing(failure.ErrorCode)));
        }

        return fields;
    }

    /// <summary>FluentValidation's <c>NotNull</c> and <c>NotEmpty</c> mean "a required field is missing".</summary>
    public static bool IsMissing(string? errorCode) =>
        errorCode is "NotNullValidator" or "NotEmptyValidator";
}
