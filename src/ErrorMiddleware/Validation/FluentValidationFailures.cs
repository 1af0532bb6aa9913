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
        if (failures is IReadOnlyList<ValidationFailure> list)
        {
            // FluentValidation's own lists: indexed, so no enumerator is boxed, and the result sized once.
            var fields = new List<FieldError>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                Add(fields, list[i], names);
            }

            return fields;
        }

        var all = new List<FieldError>();
        foreach (var failure in failures)
        {
            Add(all, failure, names);
        }

        return all;
    }

    private static void Add(List<FieldError> fields, ValidationFailure failure, FieldNameResolver names)
    {
        if (failure.Severity != Severity.Error)
        {
            return;
        }

        var field = names.Resolve(failure.PropertyName);
        var message = WithCappedValue(failure, WithJsonName(failure, field));
        fields.Add(new FieldError(field, message, failure.ErrorCode, IsMissing(failure.ErrorCode)));
    }

    /// <summary>FluentValidation's <c>NotNull</c> and <c>NotEmpty</c> mean "a required field is missing".</summary>
    private static bool IsMissing(string? errorCode) =>
        errorCode is "NotNullValidator" or "NotEmptyValidator";

    /// <summary>A value the client sent, put in the message by <c>{PropertyValue}</c>, is echoed capped.</summary>
    private static string WithCappedValue(ValidationFailure failure, string message)
    {
        if (failure.FormattedMessagePlaceholderValues is { } values
            && values.TryGetValue(PropertyValuePlaceholder, out var value)
            && EchoedText(value) is { Length: > FieldNameResolver.MaxEchoLength } text
            && message.Contains(text, StringComparison.Ordinal))
        {
            return message.Replace(text, FieldNameResolver.Cap(text), StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>
    /// The text of a value FluentValidation may have echoed; <see langword="null"/> for values whose text is always
    /// short (numbers, dates, ids), so they are not formatted only to be measured.
    /// </summary>
    private static string? EchoedText(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTime or DateTimeOffset or TimeSpan or Guid or decimal => null,
        _ when value.GetType().IsPrimitive => null,
        _ => value.ToString(),
    };

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

        return ReplaceQuoted(message, displayName, field) ?? ReplaceWord(message, displayName, field);
    }

    /// <summary>Whether the display name is the member's name split into words (<c>Max Tokens</c> for <c>MaxTokens</c>).</summary>
    private static bool IsDefaultDisplayName(string displayName, ReadOnlySpan<char> memberName)
    {
        if (memberName.Length == 0)
        {
            return false;
        }

        var m = 0;
        foreach (var c in displayName)
        {
            if (c == ' ')
            {
                continue;
            }

            if (m == memberName.Length || char.ToUpperInvariant(c) != char.ToUpperInvariant(memberName[m]))
            {
                return false;
            }

            m++;
        }

        return m == memberName.Length;
    }

    private static ReadOnlySpan<char> LastMemberName(string? propertyPath)
    {
        if (string.IsNullOrEmpty(propertyPath))
        {
            return [];
        }

        var start = propertyPath.LastIndexOf('.') + 1;
        var end = propertyPath.IndexOf('[', start);
        return end < 0 ? propertyPath.AsSpan(start) : propertyPath.AsSpan(start, end - start);
    }

    /// <summary>
    /// <paramref name="message"/> with every <c>'word'</c> (in single quotes) replaced by <c>'replacement'</c>, built
    /// as one string; <see langword="null"/> when the quoted word does not occur.
    /// </summary>
    private static string? ReplaceQuoted(string message, string word, string replacement)
    {
        var count = 0;
        for (var at = NextQuoted(message, word, 0); at >= 0; at = NextQuoted(message, word, at + word.Length + 2))
        {
            count++;
        }

        if (count == 0)
        {
            return null;
        }

        var length = message.Length + (count * (replacement.Length - word.Length));
        return string.Create(length, (message, word, replacement), static (destination, state) =>
        {
            var (message, word, replacement) = state;
            var from = 0;
            var to = 0;
            for (var at = NextQuoted(message, word, 0); at >= 0; at = NextQuoted(message, word, from + 1))
            {
                // Copy up to and including the opening quote, then the replacement; the closing quote follows.
                var before = at + 1 - from;
                message.AsSpan(from, before).CopyTo(destination[to..]);
                to += before;
                replacement.CopyTo(destination[to..]);
                to += replacement.Length;
                from = at + 1 + word.Length;
            }

            message.AsSpan(from).CopyTo(destination[to..]);
        });
    }

    /// <summary>Where the next <c>'word'</c> starts (its opening quote) at or after <paramref name="start"/>, or -1.</summary>
    private static int NextQuoted(string message, string word, int start)
    {
        while (start <= message.Length - word.Length - 2)
        {
            var at = message.IndexOf(word, start + 1, StringComparison.Ordinal);
            if (at < 0 || at + word.Length >= message.Length)
            {
                return -1;
            }

            if (message[at - 1] == '\'' && message[at + word.Length] == '\'')
            {
                return at - 1;
            }

            start = at;
        }

        return -1;
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
