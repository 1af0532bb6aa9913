using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware;

/// <summary>Turns a framework <see cref="ProblemDetails"/> into an <see cref="ApiError"/>.</summary>
internal static class ProblemDetailsConversion
{
    /// <summary>
    /// Converts <paramref name="problem"/>; the keys of its <c>errors</c> are named by <see cref="FieldNameResolver"/>
    /// for <paramref name="context"/>'s endpoint (pass it: without it names are only camelCased).
    /// </summary>
    public static ApiError ToApiError(ProblemDetails? problem, Exception? exception, int responseStatus, ExceptionClassifier classifier, HttpContext? context)
    {
        if (exception is not null && classifier.Classify(exception, context) is { } classified)
        {
            return classified;
        }

        var status = problem?.Status ?? (responseStatus >= 400 ? responseStatus : StatusCodes.Status500InternalServerError);
        var message = exception is null ? problem?.Detail : null;
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation)
        {
            var fields = FieldErrors(validation.Errors, FieldNameResolver.For(context));
            return status == StatusCodes.Status400BadRequest
                ? new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields, Message = message, Exception = exception }
                : new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Fields = fields, Message = message, Exception = exception };
        }

        return new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Message = message, Exception = exception };
    }

    /// <summary>A field error per message of a <c>ValidationProblemDetails.Errors</c> / <c>SerializableError</c>-shaped map.</summary>
    public static List<FieldError> FieldErrors(IEnumerable<KeyValuePair<string, string[]>> errors, FieldNameResolver names)
    {
        var fields = new List<FieldError>();
        foreach (var (key, messages) in errors)
        {
            var field = names.Resolve(key);
            foreach (var text in messages)
            {
                fields.Add(new FieldError(field, text));
            }
        }

        return fields;
    }
}
