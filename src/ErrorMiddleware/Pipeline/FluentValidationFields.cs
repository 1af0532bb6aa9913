using System.Text;
using FluentValidation.Results;

namespace ErrorMiddleware;

/// <summary>Turns FluentValidation failures into <see cref="FieldError"/>s with the client's JSON names.</summary>
internal static class FluentValidationFields
{
    private const string PropertyNamePlaceholder = "PropertyName";

    /// <summary>Converts the failures of severity <c>Error</c>.</summary>
    /// <param name="failures">The failures.</param>
    /// <param name="toJsonPath">Maps a failure's CLR property path to the client's JSON path; camelCase when <see langword="null"/>.</param>
    public static IReadOnlyList<FieldError> From(IEnumerable<ValidationFailure> failures, Func<string, string>? toJsonPath = null)
    {
        var fields = new List<FieldError>();
        foreach (var failure in failures)
        {
            if (failure.Severity != FluentValidation.Severity.Error)
            {
                continue;
            }

            var field = toJsonPath is null ? FieldNames.ToJsonPath(failure.PropertyName) : toJsonPath(failure.PropertyName ?? string.Empty);
            var message = WithJsonName(failure, field);
            fields.Add(new FieldError(field, message, failure.ErrorCode, IsMissing(failure.ErrorCode)));
        }

        return fields;
    }

    /// <summary>FluentValidation's <c>NotNull</c> and <c>NotEmpty</c> mean "a required field is missing".</summary>
    private static bool IsMissing(string? errorCode) =>
        errorCode is "NotNullValidator" or "NotEmptyValidator";

    /// <summary>
    /// Replaces the display name FluentValidation put in the message (<c>'Max Tokens'</c>, the value of its
    /// <c>{PropertyName}</c> placeholder) by the client's JSON path (<c>'max_tokens'</c>). A name the application
    /// chose with <c>WithName</c> is kept. The global <c>ValidatorOptions</c> are never touched.
    /// </summary>
    internal static string WithJsonName(ValidationFailure failure, string field)
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
