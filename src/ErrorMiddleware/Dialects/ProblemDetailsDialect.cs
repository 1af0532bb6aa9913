using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// <see cref="ErrorDialect.ProblemDetails"/>: RFC 9457 <c>application/problem+json</c>, shaped like ASP.NET Core's
/// and Hellang's output: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, <c>instance</c>, then <c>code</c>,
/// <c>traceId</c>, for validation <c>errors</c> (and <c>errorCodes</c>), then the extensions. <c>type</c> and <c>title</c>
/// are the error's own (<see cref="ResolvedError.ProblemType"/>, <see cref="ResolvedError.ProblemTitle"/>) when it has
/// them; <see cref="ProblemDetailsCustomization"/> applies <c>ProblemDetailsOptions.CustomizeProblemDetails</c>.
/// </summary>
internal sealed class ProblemDetailsDialect : ApiErrorDialect
{
    public static readonly ProblemDetailsDialect Instance = new();

    /// <summary>Up to this many fields, a field's repetition is found by looking back rather than in a set.</summary>
    private const int ShortFieldList = 16;

    private ProblemDetailsDialect()
        : base(ErrorDialect.ProblemDetails, "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.6.1\",\"title\":\"An error occurred while processing your request.\",\"status\":500,\"code\":530003}")
    {
    }

    public override string ContentType => "application/problem+json; charset=utf-8";

    public override string AcceptMediaType => "application/problem+json";

    public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
    {
        var (type, title) = ProblemDetailsDefaults.For(error.StatusCode);
        writer.WriteStartObject();
        writer.WriteString("type", error.ProblemType ?? type);
        writer.WriteString("title", error.ProblemTitle ?? title);
        writer.WriteNumber("status", error.StatusCode);
        writer.WriteString("detail", error.Message);
        writer.WriteString("instance", error.Instance);
        DialectJson.WriteCode(writer, "code", error.Code);
        DialectJson.WriteTraceId(writer, "traceId", context);
        if (error.Fields.Count != 0)
        {
            WriteFieldMap(writer, "errors", error.Fields, codes: false);
            if (AnyCode(error.Fields))
            {
                WriteFieldMap(writer, "errorCodes", error.Fields, codes: true);
            }
        }

        DialectJson.WriteExtensions(writer, error.Extensions, static key => key is "type" or "title" or "status" or "detail" or "instance"
            or "code" or "traceId" or "errors" or "errorCodes" or "exceptionDetails");
        DialectJson.WriteExceptionDetails(writer, "exceptionDetails", error.ExceptionDetails);
        writer.WriteEndObject();
    }

    public override JsonObject CreateSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details with the business code as the 'code' extension.",
        ["required"] = new JsonArray("type", "title", "status", "code"),
        ["properties"] = new JsonObject
        {
            ["type"] = DialectJson.StringSchema("A URI reference that identifies the problem type."),
            ["title"] = DialectJson.StringSchema("A short summary of the problem type."),
            ["status"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "The HTTP status." },
            ["detail"] = DialectJson.StringSchema("The specific message."),
            ["instance"] = DialectJson.StringSchema("The request path."),
            ["code"] = DialectJson.CodeSchema("The business code."),
            ["traceId"] = DialectJson.StringSchema("The trace id of the request."),
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Validation failures: field name → messages.",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
    };

    private static bool AnyCode(IReadOnlyList<FieldError> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Code is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>"name":{"field":["...", ...], ...}</c>, each field once, in the order of its first failure. Indexed loops:
    /// no enumerator is boxed, and a set of the names already written is only built for long lists.
    /// </summary>
    private static void WriteFieldMap(Utf8JsonWriter writer, string name, IReadOnlyList<FieldError> fields, bool codes)
    {
        writer.WriteStartObject(name);
        var written = fields.Count > ShortFieldList ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i].Field;
            if (written is null ? WrittenBefore(fields, i) : !written.Add(field))
            {
                continue;
            }

            writer.WriteStartArray(field);
            for (var j = i; j < fields.Count; j++)
            {
                var same = fields[j];
                if (string.Equals(same.Field, field, StringComparison.Ordinal))
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

        static bool WrittenBefore(IReadOnlyList<FieldError> fields, int index)
        {
            var field = fields[index].Field;
            for (var k = 0; k < index; k++)
            {
                if (string.Equals(fields[k].Field, field, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
