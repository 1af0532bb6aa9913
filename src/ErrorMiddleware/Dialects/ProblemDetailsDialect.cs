using System.Diagnostics;
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
        writer.WriteString("traceId", Activity.Current?.Id ?? context.TraceIdentifier);
        if (error.Fields.Count != 0)
        {
            WriteFieldMap(writer, "errors", error.Fields, codes: false);
            if (error.Fields.Any(f => f.Code is not null))
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
