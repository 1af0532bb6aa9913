using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware;

/// <summary>Turns a framework <see cref="ProblemDetails"/> into an <see cref="ApiError"/>.</summary>
internal static class ProblemDetailsConversion
{
    public static ApiError ToApiError(ProblemDetails? problem, Exception? exception, int responseStatus, ExceptionClassifier classifier, HttpContext? context = null)
    {
        if (exception is not null && classifier.Classify(exception, context) is { } classified)
        {
            return classified;
        }

        var status = problem?.Status ?? (responseStatus >= 400 ? responseStatus : StatusCodes.Status500InternalServerError);
        var message = exception is null ? problem?.Detail : null;
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var fields = new List<FieldError>();
            var toJsonPath = EndpointFieldNames.For(context);
            foreach (var (key, messages) in validation.Errors)
            {
                var field = toJsonPath is null ? FieldNames.ToJsonPath(key) : toJsonPath(key);
                foreach (var text in messages)
                {
                    fields.Add(new FieldError(field, text));
                }
            }

            return status == StatusCodes.Status400BadRequest
                ? new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields, Message = message, Exception = exception }
                : new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Fields = fields, Message = message, Exception = exception };
        }

        return new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Message = message, Exception = exception };
    }
}
