using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>
/// Writes the loosely typed values of <see cref="ApiException.Details"/> without reflection: primitives, strings,
/// <see cref="JsonElement"/>, dictionaries and lists of those; anything else is written as its invariant string.
/// </summary>
internal static class JsonValueWriter
{
    private const int MaxDepth = 16;

    public static void WriteValue(Utf8JsonWriter writer, object? value, int depth = 0)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                break;
            case DateTime dt:
                writer.WriteStringValue(dt);
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case TimeSpan ts:
                writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> stringMap when depth < MaxDepth:
                writer.WriteStartObject();
                foreach (var (key, item) in stringMap)
                {
                    writer.WriteString(key, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list when depth < MaxDepth:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    public static void WriteException(Utf8JsonWriter writer, Exception exception)
    {
        writer.WriteStartObject();
        writer.WriteString("type", exception.GetType().FullName);
        writer.WriteString("message", exception.Message);
        writer.WriteString("stackTrace", exception.StackTrace);
        if (exception.InnerException is { } inner)
        {
            writer.WritePropertyName("inner");
            WriteException(writer, inner);
        }

        writer.WriteEndObject();
    }
}
