using System.Text;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Runs FluentValidation validators and turns their failures into <see cref="FieldError"/>s: fields named by
/// <see cref="FieldNameResolver"/>, FluentValidation's display name in the message replaced by that name, echoed
/// values capped, <c>NotNull</c> / <c>NotEmpty</c> reported as "missing".
/// </summary>
internal static class FluentValidationFailures
{
    private const string PropertyNamePlaceholder = "PropertyName";
    private const string PropertyValuePlaceholder = "PropertyValue";

    /// <summary>The fields of a <see cref="ValidationException"/> thrown by application code, named for the request's endpoint.</summary>
    public static IReadOnlyList<FieldError> From(ValidationException exception, HttpContext? context) =>
        From(exception.Errors, FieldNameResolver.For(context));

    /// <summary>Validates <paramref name="instance"/> asynchronously (async rules included) and returns the failed fields.</summary>
    public static async ValueTask<IReadOnlyList<FieldError>> ValidateAsync(
        IValidator validator,
        object instance,
        FieldNameResolver names,
        CancellationToken cancellationToken)
    {
        // A non-generic context: AbstractValidator<T> converts it to ValidationContext<T> itself.
        var result = await validator.ValidateAsync(new ValidationContext<object>(instance), cancellationToken).ConfigureAwait(false);
        return result.IsValid ? [] : From(result.Errors, names);
    }

    /// <summary>Converts the failures of severity <c>Error</c>.</summary>
    public static IReadOnlyList<FieldError> From(IEnumerable<ValidationFailure> failures, FieldNameResolver names)
    {
        var fields = new List<FieldError>();
        foreach (var failure in failures)
        {
            if (failure.Severity != Severity.Error)
            {
                continue;
            }

            var field = names.Resolve(failure.PropertyName);
            var message = WithCappedValue(failure, WithJsonName(failure, field));
            fields.Add(new FieldError(field, message, failure.ErrorCode, IsMissing(failure.ErrorCode)));
        }

        return fields;
    }

    /// <summary>FluentValidation's <c>NotNull</c> and <c>NotEmpty</c> mean "a required field is missing".</summary>
    private static bool IsMissing(string? errorCode) =>
        errorCode is "NotNullValidator" or "NotEmptyValidator";

    /// <summary>A value the client sent, put in the message by <c>{PropertyValue}</c>, is echoed capped.</summary>
    private static string WithCappedValue(ValidationFailure failure, string message)
    {
        if (failure.FormattedMessagePlaceholderValues is { } values
            && values.TryGetValue(PropertyValuePlaceholder, out var value)
            && value?.ToString() is { Length: > FieldNameResolver.MaxEchoLength } text
            && message.Contains(text, StringComparison.Ordinal))
        {
            return message.Replace(text, FieldNameResolver.Cap(text), StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>
    /// Replaces the display name FluentValidation put in the message (<c>'Max Tokens'</c>, the value of its
    /// <c>{PropertyName}</c> placeholder) by the client's JSON path (<c>'max_tokens'</c>). A name the application
    /// chose with <c>WithName</c> is kept. The global <c>ValidatorOptions</c> are never touched.
    /// </summary>
    private static string WithJsonName(ValidationFailure failure, string field)
    {
        var message = failure.ErrorMessage ?? string.Empty;
        if (field.Length == 0
            || failure.FormattedMessagePlaceholderValues is not { } values
            || !values.TryGetValue(PropertyNamePlaceholder, out var value)
            || value is not string displayName
            || displayName.Length == 0
            || !IsDefaultDisplayName(displayName, LastMemberName(failure.PropertyName)))
        {
            return message;
        }

        var quoted = "'" + displayName + "'";
        if (message.Contains(quoted, StringComparison.Ordinal))
        {
            return message.Replace(quoted, "'" + field + "'", StringComparison.Ordinal);
        }

        return ReplaceWord(message, displayName, field);
    }

    private static bool IsDefaultDisplayName(string displayName, string memberName) =>
        memberName.Length != 0 && string.Equals(displayName.Replace(" ", string.Empty, StringComparison.Ordinal), memberName, StringComparison.OrdinalIgnoreCase);

    private static string LastMemberName(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return string.Empty;
        }

        var start = propertyPath.LastIndexOf('.') + 1;
        var end = propertyPath.IndexOf('[', start);
        return end < 0 ? propertyPath[start..] : propertyPath[start..end];
    }

    private static string ReplaceWord(string message, string word, string replacement)
    {
        var builder = new StringBuilder(message.Length);
        var i = 0;
        while (i < message.Length)
        {
            var index = message.IndexOf(word, i, StringComparison.Ordinal);
            if (index < 0)
            {
                break;
            }

            var end = index + word.Length;
            var isWord = (index == 0 || !IsWordChar(message[index - 1])) && (end == message.Length || !IsWordChar(message[end]));
            builder.Append(message, i, index - i).Append(isWord ? replacement : word);
            i = end;
        }

        builder.Append(message, i, message.Length - i);
        return builder.ToString();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
