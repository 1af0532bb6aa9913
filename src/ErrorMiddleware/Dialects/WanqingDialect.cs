using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// <see cref="ErrorDialect.Wanqing"/>, the OpenAI-compatible error object:
/// <c>{"error":{"code":"...","message":"...","type":"invalid_request_error","param":null},"request_id":"..."}</c>.
/// It owns the rules OpenAI SDK clients depend on: a validation failure naming a missing field is
/// <c>MissingRequiredParameter</c>; <c>x-should-retry: false</c> on errors a retry cannot fix; <c>Retry-After</c>
/// of at most 60 s.
/// </summary>
internal sealed class WanqingDialect : ApiErrorDialect
{
    public static readonly WanqingDialect Instance = new();

    /// <summary>The longest <c>Retry-After</c> an OpenAI SDK is told to wait.</summary>
    internal const int MaxRetryAfterSeconds = 60;

    private WanqingDialect()
        : base(ErrorDialect.Wanqing, "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The request processing has failed due to some unknown error.\",\"type\":\"server_error\",\"param\":null}}")
    {
    }

    public override ErrorDialect Catalog => ErrorDialect.Wanqing;

    public override ErrorKind SelectKind(ErrorKind kind, IReadOnlyList<FieldError> fields)
    {
        if (kind == ErrorKind.ValidationFailed)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i].IsMissing)
                {
                    return ErrorKind.RequiredParameterMissing;
                }
            }
        }

        return kind;
    }

    public override string ComposeMessage(ResolvedError error)
    {
        if (error.Code.Kind == ErrorKind.RequiredParameterMissing && error.Param is not null)
        {
            // ErrorCode.FormatMessage's "xxx" rule for the one value, without a dictionary and a builder.
            return error.Code.Message.Replace("The xxx ", string.Concat("The ", error.Param, " "), StringComparison.Ordinal);
        }

        if (error.Kind == ErrorKind.ValidationFailed && error.Fields.Count != 0)
        {
            return ErrorMessages.Join(error.Fields);
        }

        return ErrorMessages.FillPlaceholders(error.Code, error.Extensions);
    }

    public override void ApplyHeaders(IHeaderDictionary headers, ResolvedError error)
    {
        if (error.RetryAfter is { } delay && delay > TimeSpan.FromSeconds(MaxRetryAfterSeconds))
        {
            headers.RetryAfter = MaxRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (error.StatusCode is >= 400 and < 500 and not 408 and not 409 and not 429)
        {
            headers["x-should-retry"] = "false";
        }
    }

    public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", error.Code.Code);
        writer.WriteString("message", error.Message);
        writer.WriteString("type", OpenAiType(error.Code.Kind, error.StatusCode));
        if (error.Param is null)
        {
            writer.WriteNull("param");
        }
        else
        {
            writer.WriteString("param", error.Param);
        }

        DialectJson.WriteExtensions(writer, error.Extensions, static key => key is "code" or "message" or "type" or "param");
        writer.WriteEndObject();
        writer.WriteString("request_id", error.RequestId);
        DialectJson.WriteExceptionDetails(writer, "exception", error.ExceptionDetails);
        writer.WriteEndObject();
    }

    public override JsonObject CreateSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "Wanqing (OpenAI-compatible) error object.",
        ["required"] = new JsonArray("error"),
        ["properties"] = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("code", "message", "type", "param"),
                ["properties"] = new JsonObject
                {
                    ["code"] = DialectJson.StringSchema("The documented code, for example InvalidArgument.MissingRequiredParameter."),
                    ["message"] = DialectJson.StringSchema("The message."),
                    ["type"] = DialectJson.StringSchema("The OpenAI error type: invalid_request_error, authentication_error, permission_error, insufficient_quota, rate_limit_error or server_error."),
                    ["param"] = new JsonObject { ["type"] = new JsonArray("string", "null"), ["description"] = "The request field the error is about, or null." },
                },
            },
            ["request_id"] = DialectJson.StringSchema("The request id, also sent in the X-Request-Id header."),
        },
    };

    /// <summary>The OpenAI error <c>type</c> for a failure.</summary>
    internal static string OpenAiType(ErrorKind kind, int statusCode) => kind switch
    {
        ErrorKind.AuthenticationMissing or ErrorKind.AuthenticationInvalid or ErrorKind.CredentialsUnavailable => "authentication_error",
        ErrorKind.QuotaExceeded or ErrorKind.NoBalance => "insufficient_quota",
        ErrorKind.Forbidden or ErrorKind.AccountFrozen => "permission_error",
        ErrorKind.RateLimited => "rate_limit_error",
        _ when statusCode >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
