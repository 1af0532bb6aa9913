using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>JSON pieces the built-in dialects share.</summary>
internal static class DialectJson
{
    /// <summary>The length of a W3C activity id: <c>00-</c>, 32 hex digits, <c>-</c>, 16 hex digits, <c>-</c>, 2 hex digits.</summary>
    private const int W3CIdLength = 55;

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
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
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

    /// <summary>
    /// The request's trace id: the current activity's id (W3C <c>00-{trace}-{span}-{flags}</c>), else the request's
    /// <see cref="HttpContext.TraceIdentifier"/>. A W3C id is formatted on the stack from the trace and span ids the
    /// activity already holds as strings, so its <see cref="Activity.Id"/> string is not created for an error (the
    /// bytes written are the same).
    /// </summary>
    public static void WriteTraceId(Utf8JsonWriter writer, string name, HttpContext context)
    {
        if (Activity.Current is not { } activity)
        {
            writer.WriteString(name, context.TraceIdentifier);
            return;
        }

        if (activity.IdFormat != ActivityIdFormat.W3C)
        {
            writer.WriteString(name, activity.Id ?? context.TraceIdentifier);
            return;
        }

        Span<char> id = stackalloc char[W3CIdLength];
        "00-".CopyTo(id);
        activity.TraceId.ToHexString().CopyTo(id.Slice(3, 32));
        id[35] = '-';
        activity.SpanId.ToHexString().CopyTo(id.Slice(36, 16));
        id[52] = '-';
        var flags = (int)activity.ActivityTraceFlags;
        id[53] = HexDigit(flags >> 4);
        id[54] = HexDigit(flags & 0xF);
        writer.WriteString(name, id);

        static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
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
