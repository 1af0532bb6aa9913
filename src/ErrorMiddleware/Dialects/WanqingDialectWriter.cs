using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>
/// The OpenAI-compatible error object:
/// <c>{"error":{"code":"...","message":"...","type":"invalid_request_error","param":null},"request_id":"..."}</c>.
/// </summary>
internal sealed class WanqingDialectWriter : IErrorDialectWriter
{
    public static readonly WanqingDialectWriter Instance = new();

    public string ContentType => "application/json; charset=utf-8";

    public void Write(Utf8JsonWriter writer, ErrorPayload payload)
    {
        writer.WriteStartObject();
        WriteErrorObject(writer, payload);
        writer.WriteString("request_id", payload.RequestId);
        if (payload.ExceptionDetails is not null)
        {
            writer.WritePropertyName("exception");
            JsonValueWriter.WriteException(writer, payload.ExceptionDetails);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the <c>"error":{...}</c> member.</summary>
    public static void WriteErrorObject(Utf8JsonWriter writer, ErrorPayload payload)
    {
        writer.WriteStartObject("error");
        writer.WriteString("code", payload.Row.Code);
        writer.WriteString("message", payload.Message);
        writer.WriteString("type", OpenAiType(payload.Row.Kind, payload.StatusCode));
        if (payload.Param is null)
        {
            writer.WriteNull("param");
        }
        else
        {
            writer.WriteString("param", payload.Param);
        }

        writer.WriteEndObject();
    }

    /// <summary>The OpenAI error <c>type</c> for a failure.</summary>
    public static string OpenAiType(ErrorKind kind, int statusCode) => kind switch
    {
        ErrorKind.AuthenticationMissing or ErrorKind.AuthenticationInvalid or ErrorKind.CredentialsUnavailable => "authentication_error",
        ErrorKind.QuotaExceeded or ErrorKind.NoBalance => "insufficient_quota",
        ErrorKind.Forbidden or ErrorKind.AccountFrozen => "permission_error",
        ErrorKind.RateLimited => "rate_limit_error",
        _ when statusCode >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
