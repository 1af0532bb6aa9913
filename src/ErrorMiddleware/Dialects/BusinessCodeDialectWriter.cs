using System.Text.Json;

namespace ErrorMiddleware;

/// <summary><c>{"code":100002,"msg":"...","data":null,"request_id":"..."}</c></summary>
internal sealed class BusinessCodeDialectWriter : IErrorDialectWriter
{
    public static readonly BusinessCodeDialectWriter Instance = new();

    public string ContentType => "application/json; charset=utf-8";

    public void Write(Utf8JsonWriter writer, ErrorPayload payload)
    {
        writer.WriteStartObject();
        if (payload.Row.NumericCode is { } numeric)
        {
            writer.WriteNumber("code", numeric);
        }
        else
        {
            writer.WriteString("code", payload.Row.Code);
        }

        writer.WriteString("msg", payload.Message);
        writer.WritePropertyName("data");
        if (payload.Details is null && payload.Fields.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            if (payload.Details is not null)
            {
                foreach (var (key, value) in payload.Details)
                {
                    if (payload.Fields.Count != 0 && key == "errors")
                    {
                        continue; // the failed fields own data.errors
                    }

                    writer.WritePropertyName(key);
                    JsonValueWriter.WriteValue(writer, value);
                }
            }

            if (payload.Fields.Count != 0)
            {
                writer.WriteStartArray("errors");
                foreach (var field in payload.Fields)
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

            writer.WriteEndObject();
        }

        writer.WriteString("request_id", payload.RequestId);
        if (payload.ExceptionDetails is not null)
        {
            writer.WritePropertyName("exception");
            JsonValueWriter.WriteException(writer, payload.ExceptionDetails);
        }

        writer.WriteEndObject();
    }
}
