using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for FluentValidation: a <see cref="FluentValidation.ValidationException"/> thrown by application code
/// (<c>ValidateAndThrow</c>) is <see cref="ErrorKind.ValidationFailed"/>, its fields named for the endpoint's JSON body.
/// </summary>
internal sealed class FluentValidationExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) => exception is FluentValidation.ValidationException validation
        ? new ApiError { Kind = ErrorKind.ValidationFailed, Fields = FluentValidationFailures.From(validation, context), Exception = exception }
        : null;
}
