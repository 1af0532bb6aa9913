using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.ErrorResults;

/// <summary>
/// Each public exception (and <see cref="ApiException"/> with a kind and with a row) next to the
/// <see cref="ApiResults"/> factory that must write exactly what throwing it writes.
/// </summary>
internal static class ApiResultsCases
{
    private static readonly Dictionary<string, object?> s_details = new(StringComparer.Ordinal) { ["order_id"] = 42, ["region"] = "eu <1>" };
    private static readonly Dictionary<string, object?> s_frozen = new(StringComparer.Ordinal) { ["CustomerId"] = "c-7", ["Action"] = "chat" };

    private static readonly FieldError[] s_fields =
    [
        new("prompt", "'prompt' must not be empty.", isMissing: true),
        new("temperature", "'temperature' must be between 0 and 2.", code: "InclusiveBetweenValidator"),
    ];

    private static readonly Dictionary<string, (Func<IResult> Result, Func<Exception> Exception)> s_cases = new(StringComparer.Ordinal)
    {
        ["ErrorKind"] = (() => ApiResults.Error(ErrorKind.UpstreamError, "The model server is down.", s_details),
            () => new ApiException(ErrorKind.UpstreamError, "The model server is down.") { Details = s_details }),
        ["ErrorKindDefaultMessage"] = (() => ApiResults.Error(ErrorKind.MethodNotAllowed), () => new ApiException(ErrorKind.MethodNotAllowed)),
        ["ErrorCode"] = (() => ApiResults.Error(ErrorCodes.Wanqing.CustomerFrozen, details: s_frozen),
            () => new ApiException(ErrorCodes.Wanqing.CustomerFrozen) { Details = s_frozen }),
        ["ErrorCodeMessage"] = (() => ApiResults.Error(ErrorCodes.Business.QuotaFreezeFailed, "Top up \"now\"."),
            () => new ApiException(ErrorCodes.Business.QuotaFreezeFailed, "Top up \"now\".")),
        ["QuotaExceeded"] = (() => ApiResults.QuotaExceeded(), () => new QuotaExceededException()),
        ["QuotaExceededMessage"] = (() => ApiResults.QuotaExceeded("Balance: 0 tokens."), () => new QuotaExceededException("Balance: 0 tokens.")),
        ["RateLimitExceeded"] = (() => ApiResults.RateLimitExceeded(TimeSpan.FromSeconds(2.5)), () => new RateLimitExceededException(TimeSpan.FromSeconds(2.5))),
        ["RateLimitExceededLong"] = (() => ApiResults.RateLimitExceeded(TimeSpan.FromMinutes(5), "Slow down."), () => new RateLimitExceededException(TimeSpan.FromMinutes(5), "Slow down.")),
        ["ValidationFailedFields"] = (() => ApiResults.ValidationFailed(s_fields), () => new ValidationFailedException(s_fields)),
        ["ValidationFailedMessage"] = (() => ApiResults.ValidationFailed(s_fields, "Fix the request."), () => new ValidationFailedException(s_fields, "Fix the request.")),
        ["ValidationFailedField"] = (() => ApiResults.ValidationFailed("name", "'name' is too long."), () => new ValidationFailedException("name", "'name' is too long.")),
        ["ResourceNotFound"] = (() => ApiResults.ResourceNotFound(), () => new ResourceNotFoundException()),
        ["ResourceNotFoundMessage"] = (() => ApiResults.ResourceNotFound("No order 42."), () => new ResourceNotFoundException("No order 42.")),
        ["AccessDenied"] = (() => ApiResults.AccessDenied(), () => new AccessDeniedException()),
        ["AccessDeniedMessage"] = (() => ApiResults.AccessDenied("Not your project."), () => new AccessDeniedException("Not your project.")),
    };

    public static IEnumerable<string> Names => s_cases.Keys;

    public static IResult Result(string name) => s_cases[name].Result();

    public static Exception Exception(string name) => s_cases[name].Exception();
}
