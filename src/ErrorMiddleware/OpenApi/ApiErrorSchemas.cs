using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>The JSON schemas of the three error envelopes, registered once per document as components.</summary>
internal static class ApiErrorSchemas
{
    public const string BusinessCodeId = "BusinessCodeError";
    public const string WanqingId = "WanqingError";
    public const string ProblemDetailsId = "ProblemDetailsError";

    public static string IdFor(ErrorDialect dialect) => dialect switch
    {
        ErrorDialect.Wanqing => WanqingId,
        ErrorDialect.ProblemDetails => ProblemDetailsId,
        _ => BusinessCodeId,
    };

    public static OpenApiSchema Create(ErrorDialect dialect) => dialect switch
    {
        ErrorDialect.Wanqing => Wanqing(),
        ErrorDialect.ProblemDetails => ProblemDetails(),
        _ => BusinessCode(),
    };

    private static OpenApiSchema BusinessCode() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "BusinessCode error: the HTTP status plus a numeric business code and its message.",
        Required = new HashSet<string> { "code", "msg" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["code"] = Code("The business code (100001, 401001, 402000, 130005, 530003, ...)."),
            ["msg"] = Text("The specific message where there is one, else the documented message."),
            ["data"] = new OpenApiSchema { Description = "Structured details, or null." },
            ["request_id"] = Text("The request id, also sent in the X-Request-Id header."),
        },
    };

    private static OpenApiSchema Wanqing() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "Wanqing (OpenAI-compatible) error object.",
        Required = new HashSet<string> { "error" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["error"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "code", "message", "type", "param" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = Text("The documented code, for example InvalidArgument.MissingRequiredParameter."),
                    ["message"] = Text("The message."),
                    ["type"] = Text("The OpenAI error type: invalid_request_error, authentication_error, permission_error, insufficient_quota, rate_limit_error or server_error."),
                    ["param"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The request field the error is about, or null." },
                },
            },
            ["request_id"] = Text("The request id, also sent in the X-Request-Id header."),
        },
    };

    private static OpenApiSchema ProblemDetails() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with the business code as the 'code' extension.",
        Required = new HashSet<string> { "type", "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference that identifies the problem type."),
            ["title"] = Text("A short summary of the problem type."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = Text("The specific message."),
            ["instance"] = Text("The request path."),
            ["code"] = Code("The business code."),
            ["traceId"] = Text("The trace id of the request."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation failures: field name → messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Code(string description) =>
        new() { Type = JsonSchemaType.Integer | JsonSchemaType.String, Description = description + " A number, or a string for application codes that are not numeric." };
}
