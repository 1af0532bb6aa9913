using System.Text.Json;
using System.Text.Json.Nodes;

namespace ErrorMiddleware;

/// <summary>JSON pieces the built-in dialects share.</summary>
internal static class DialectJson
{
    /// <summary>A row's code: a number for numeric business codes, else the string.</summary>
    public static void WriteCode(Utf8JsonWriter writer, string name, ErrorCode row)
    {
        if (row.NumericCode is { } numeric)
        {
            writer.WriteNumber(name, numeric);
        }
        else
        {
            writer.WriteString(name, row.Code);
        }
    }

    /// <summary>Writes each extension as a member, except the names the dialect owns.</summary>
    public static void WriteExtensions(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?>? extensions, Func<string, bool> reserved)
    {
        if (extensions is null)
        {
            return;
        }

        foreach (var (key, value) in extensions)
        {
            if (reserved(key))
            {
                continue;
            }

            writer.WritePropertyName(key);
            JsonValueWriter.WriteValue(writer, value);
        }
    }

    /// <summary><c>"errors":[{"field":"...","message":"...","code":"..."}]</c>.</summary>
    public static void WriteFieldList(Utf8JsonWriter writer, IReadOnlyList<FieldError> fields)
    {
        writer.WriteStartArray("errors");
        foreach (var field in fields)
        {
            writer.WriteStartObject();
            writer.WriteString("field", field.Field);
            writer.WriteString("message", field.Message);
            if (field.Code is not null)
            {
                writer.WriteString("code", field.Code);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void WriteExceptionDetails(Utf8JsonWriter writer, string name, Exception? exception)
    {
        if (exception is not null)
        {
            writer.WritePropertyName(name);
            JsonValueWriter.WriteException(writer, exception);
        }
    }

    public static JsonObject StringSchema(string description) => new() { ["type"] = "string", ["description"] = description };

    public static JsonObject CodeSchema(string description) =>
        new() { ["type"] = new JsonArray("integer", "string"), ["description"] = description + " A number, or a string for application codes that are not numeric." };
}
