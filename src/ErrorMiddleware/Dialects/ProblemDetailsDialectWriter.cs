using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>
/// RFC 9457 <c>application/problem+json</c>, shaped like ASP.NET Core's and Hellang's output:
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>, then <c>code</c>, <c>traceId</c>
/// and, for validation, <c>errors</c>.
/// </summary>
internal sealed class ProblemDetailsDialectWriter : IErrorDialectWriter
{
    public static readonly ProblemDetailsDialectWriter Instance = new();

    /// <summary>Members this writer owns; details with these names are not written, so no member appears twice.</summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "type", "title", "status", "detail", "instance", "code", "traceId", "errors", "errorCodes", "exceptionDetails",
    };

    public string ContentType => "application/problem+json; charset=utf-8";

    public void Write(Utf8JsonWriter writer, ErrorPayload payload)
    {
        var (type, title) = Defaults(payload.StatusCode);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("title", title);
        writer.WriteNumber("status", payload.StatusCode);
        writer.WriteString("detail", payload.Message);
        writer.WriteString("instance", payload.Instance);
        if (payload.Row.NumericCode is { } numeric)
        {
            writer.WriteNumber("code", numeric);
        }
        else
        {
            writer.WriteString("code", payload.Row.Code);
        }

        writer.WriteString("traceId", payload.TraceId);
        if (payload.Fields.Count != 0)
        {
            WriteFieldMap(writer, "errors", payload.Fields, codes: false);
            if (payload.Fields.Any(f => f.Code is not null))
            {
                WriteFieldMap(writer, "errorCodes", payload.Fields, codes: true);
            }
        }

        if (payload.Details is not null)
        {
            foreach (var (key, value) in payload.Details)
            {
                if (s_reserved.Contains(key))
                {
                    continue;
                }

                writer.WritePropertyName(key);
                JsonValueWriter.WriteValue(writer, value);
            }
        }

        if (payload.ExceptionDetails is not null)
        {
            writer.WritePropertyName("exceptionDetails");
            JsonValueWriter.WriteException(writer, payload.ExceptionDetails);
        }

        writer.WriteEndObject();
    }

    /// <summary>The <c>type</c> and <c>title</c> ASP.NET Core uses for a status (RFC 9110 sections).</summary>
    public static (string Type, string Title) Defaults(int statusCode) => statusCode switch
    {
        400 => ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
        401 => ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
        402 => ("https://tools.ietf.org/html/rfc9110#section-15.5.3", "Payment Required"),
        403 => ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
        404 => ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
        405 => ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
        406 => ("https://tools.ietf.org/html/rfc9110#section-15.5.7", "Not Acceptable"),
        408 => ("https://tools.ietf.org/html/rfc9110#section-15.5.9", "Request Timeout"),
        409 => ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict"),
        412 => ("https://tools.ietf.org/html/rfc9110#section-15.5.13", "Precondition Failed"),
        413 => ("https://tools.ietf.org/html/rfc9110#section-15.5.14", "Content Too Large"),
        415 => ("https://tools.ietf.org/html/rfc9110#section-15.5.16", "Unsupported Media Type"),
        422 => ("https://tools.ietf.org/html/rfc9110#section-15.5.21", "Unprocessable Entity"),
        426 => ("https://tools.ietf.org/html/rfc9110#section-15.5.22", "Upgrade Required"),
        429 => ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
        500 => ("https://tools.ietf.org/html/rfc9110#section-15.6.1", "An error occurred while processing your request."),
        502 => ("https://tools.ietf.org/html/rfc9110#section-15.6.3", "Bad Gateway"),
        503 => ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
        504 => ("https://tools.ietf.org/html/rfc9110#section-15.6.5", "Gateway Timeout"),
        _ => ("about:blank", ErrorCodes.ReasonPhrase(statusCode)),
    };

    private static void WriteFieldMap(Utf8JsonWriter writer, string name, IReadOnlyList<FieldError> fields, bool codes)
    {
        writer.WriteStartObject(name);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (!written.Add(field.Field))
            {
                continue;
            }

            writer.WriteStartArray(field.Field);
            foreach (var same in fields)
            {
                if (string.Equals(same.Field, field.Field, StringComparison.Ordinal))
                {
                    var value = codes ? same.Code : same.Message;
                    if (value is not null)
                    {
                        writer.WriteStringValue(value);
                    }
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
