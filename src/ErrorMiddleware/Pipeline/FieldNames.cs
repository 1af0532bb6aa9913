using System.Text;
using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>
/// Turns the names the framework and validators report (<c>$.messages[0].role</c>, <c>Messages[0].Role</c>)
/// into the JSON path the client sent (<c>messages[0].role</c>).
/// </summary>
internal static class FieldNames
{
    /// <summary>
    /// Converts a JSON path (<c>$.a.b[0]</c>, <c>$['a']</c>) or a CLR property path (<c>A.B[0]</c>) to a client JSON path.
    /// CLR segments are converted with <paramref name="namingPolicy"/> (camelCase when <see langword="null"/>).
    /// </summary>
    public static string ToJsonPath(string? name, JsonNamingPolicy? namingPolicy = null)
    {
        if (string.IsNullOrEmpty(name) || name == "$")
        {
            return string.Empty;
        }

        if (name.StartsWith('$'))
        {
            return FromJsonPath(name);
        }

        namingPolicy ??= JsonNamingPolicy.CamelCase;
        var builder = new StringBuilder(name.Length);
        var segmentStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] is '.' or '[')
            {
                if (i > segmentStart)
                {
                    builder.Append(namingPolicy.ConvertName(name[segmentStart..i]));
                }

                if (i == name.Length)
                {
                    break;
                }

                if (name[i] == '[')
                {
                    var close = name.IndexOf(']', i);
                    if (close < 0)
                    {
                        builder.Append(name, i, name.Length - i);
                        break;
                    }

                    builder.Append(name, i, close - i + 1);
                    i = close;
                    segmentStart = close + 1;
                    if (segmentStart < name.Length && name[segmentStart] == '.')
                    {
                        builder.Append('.');
                        i = segmentStart;
                        segmentStart++;
                    }

                    continue;
                }

                builder.Append('.');
                segmentStart = i + 1;
            }
        }

        return builder.ToString();
    }

    private static string FromJsonPath(string path)
    {
        // "$.a.b[0]" → "a.b[0]"; "$['a b'].c" → "a b.c"; "$[0]" → "[0]".
        var builder = new StringBuilder(path.Length);
        var i = 1;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (builder.Length != 0)
                {
                    builder.Append('.');
                }

                i++;
            }
            else if (c == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    builder.Append(path, i, path.Length - i);
                    break;
                }

                if (builder.Length != 0)
                {
                    builder.Append('.');
                }

                builder.Append(path, i + 2, close - i - 2);
                i = close + 2;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }
}
