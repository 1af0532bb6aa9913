using System.Globalization;
using System.Text;

namespace ErrorMiddleware;

/// <summary>The message rules the dialects share: joining field messages and filling a row's placeholders.</summary>
internal static class ErrorMessages
{
    /// <summary>The field messages, space-separated (one message is returned as it is).</summary>
    public static string Join(IReadOnlyList<FieldError> fields)
    {
        if (fields.Count == 1)
        {
            return fields[0].Message;
        }

        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            if (field.Message.Length == 0)
            {
                continue;
            }

            if (builder.Length != 0)
            {
                builder.Append(' ');
            }

            builder.Append(field.Message);
        }

        return builder.ToString();
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
