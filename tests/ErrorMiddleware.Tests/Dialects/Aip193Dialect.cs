using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Dialects;

/// <summary>
/// Google's AIP-193 error shape, <c>{"error":{"code":403,"message":"...","status":"PERMISSION_DENIED","details":[...]}}</c>,
/// written against the public API only: the proof that an application adds a dialect without library changes.
/// </summary>
public sealed class Aip193Dialect() : ApiErrorDialect("Aip193")
{
    public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", error.StatusCode);
        writer.WriteString("message", error.Message);
        writer.WriteString("status", Status(error.StatusCode));
        writer.WriteStartArray("details");
        writer.WriteStartObject();
        writer.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
        writer.WriteString("reason", error.Code.Code);
        writer.WriteString("domain", "errormiddleware.test");
        writer.WriteEndObject();
        foreach (var field in error.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("@type", "type.googleapis.com/google.rpc.BadRequest.FieldViolation");
            writer.WriteString("field", field.Field);
            writer.WriteString("description", field.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Status(int statusCode) => statusCode switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        402 or 429 => "RESOURCE_EXHAUSTED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        503 => "UNAVAILABLE",
        _ => statusCode >= 500 ? "INTERNAL" : "FAILED_PRECONDITION",
    };
}
