namespace ErrorMiddleware;

/// <summary>
/// The output format in which an API reports its errors.
/// </summary>
public enum ErrorDialect
{
    /// <summary>
    /// HTTP status plus a numeric business <c>code</c> and a <c>msg</c> in an <c>application/json</c> body:
    /// <c>{"code":100002,"msg":"...","data":null,"request_id":"..."}</c>.
    /// </summary>
    BusinessCode = 0,

    /// <summary>
    /// The OpenAI-compatible error object of the Wanqing inference platform:
    /// <c>{"error":{"code":"InvalidArgument.RequestBodyInvalid","message":"...","type":"invalid_request_error","param":null},"request_id":"..."}</c>.
    /// </summary>
    Wanqing = 1,

    /// <summary>
    /// RFC 9457 <c>application/problem+json</c>, with the business code in a <c>code</c> extension.
    /// </summary>
    ProblemDetails = 2,
}
