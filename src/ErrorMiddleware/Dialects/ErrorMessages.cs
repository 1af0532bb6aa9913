using System.Globalization;

namespace ErrorMiddleware;

/// <summary>The message rules the dialects share: joining field messages and filling a row's placeholders.</summary>
internal static class ErrorMessages
{
    /// <summary>The field messages, space-separated (one message is returned as it is).</summary>
    public static string Join(IReadOnlyList<FieldError> fields) =>
        fields.Count == 1 ? fields[0].Message : Join(string.Empty, string.Empty, fields);

    /// <summary>
    /// <paramref name="prefix"/> and <paramref name="separator"/> followed by the field messages, space-separated
    /// (empty messages skipped), built as one string: no builder and no intermediate string.
    /// </summary>
    public static string Join(string prefix, string separator, IReadOnlyList<FieldError> fields)
    {
        var start = prefix.Length + separator.Length;
        var length = start;
        var joined = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Message.Length != 0)
            {
                length += fields[i].Message.Length + (joined++ == 0 ? 0 : 1);
            }
        }

        if (length == start)
        {
            return string.Concat(prefix, separator);
        }

        return string.Create(length, (prefix, separator, fields), static (destination, state) =>
        {
            var (prefix, separator, fields) = state;
            prefix.CopyTo(destination);
            separator.CopyTo(destination[prefix.Length..]);
            var start = prefix.Length + separator.Length;
            var at = start;
            for (var i = 0; i < fields.Count; i++)
            {
                var message = fields[i].Message;
                if (message.Length == 0)
                {
                    continue;
                }

                if (at != start)
                {
                    destination[at++] = ' ';
                }

                message.CopyTo(destination[at..]);
                at += message.Length;
            }
        });
    }

    /// <summary>The row's message with placeholders such as <c>{CustomerId}</c> filled from the extensions that name them.</summary>
    public static string FillPlaceholders(ErrorCode row, IReadOnlyDictionary<string, object?>? extensions)
    {
        if (extensions is not { Count: > 0 } || !row.Message.Contains('{', StringComparison.Ordinal))
        {
            return row.Message;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extensions)
        {
            if (value is not null)
            {
                values[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        return row.FormatMessage(values);
    }
}
