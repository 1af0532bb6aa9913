using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// <see cref="ErrorDialect.BusinessCode"/>: <c>{"code":100002,"msg":"...","data":null,"request_id":"..."}</c>.
/// <c>data</c> holds the extensions and, for binding and validation failures, <c>errors</c> (field, message, code).
/// </summary>
internal sealed class BusinessCodeDialect : ApiErrorDialect
{
    public static readonly BusinessCodeDialect Instance = new();

    private BusinessCodeDialect()
        : base(ErrorDialect.BusinessCode, "{\"code\":530003,\"msg\":\"Internal server error\",\"data\":null}")
    {
    }

    public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
    {
        writer.WriteStartObject();
        DialectJson.WriteCode(writer, "code", error.Code);
        writer.WriteString("msg", error.Message);
        writer.WritePropertyName("data");
        if (error.Extensions is null && error.Fields.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            if (error.Fields.Count != 0)
            {
                DialectJson.WriteExtensions(writer, error.Extensions, static key => key == "errors");
                DialectJson.WriteFieldList(writer, error.Fields);
            }
            else
            {
                DialectJson.WriteExtensions(writer, error.Extensions, static _ => false);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("request_id", error.RequestId);
        DialectJson.WriteExceptionDetails(writer, "exception", error.ExceptionDetails);
        writer.WriteEndObject();
    }

    public override JsonObject CreateSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "BusinessCode error: the HTTP status plus a numeric business code and its message.",
        ["required"] = new JsonArray("code", "msg"),
        ["properties"] = new JsonObject
        {
            ["code"] = DialectJson.CodeSchema("The business code (see the error catalog)."),
            ["msg"] = DialectJson.StringSchema("The specific message where there is one, else the documented message."),
            ["data"] = new JsonObject { ["description"] = "Structured details, or null." },
            ["request_id"] = DialectJson.StringSchema("The request id, also sent in the X-Request-Id header."),
        },
    };
}
