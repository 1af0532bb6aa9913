using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware;

/// <summary>Turns a framework <see cref="ProblemDetails"/> into an <see cref="ApiError"/>.</summary>
internal static class ProblemDetailsConversion
{
    /// <summary>The title <see cref="HttpValidationProblemDetails"/> starts with.</summary>
    private static readonly string s_validationTitle = new HttpValidationProblemDetails().Title!;

    /// <summary>
    /// Converts <paramref name="problem"/>; the keys of its <c>errors</c> are named by <see cref="FieldNameResolver"/>
    /// for <paramref name="context"/>'s endpoint (pass it: without it names are only camelCased). An exception the
    /// classifier knows is the error; otherwise the problem's status, title, type, instance and extensions travel with
    /// it, and its detail is the specific message when no exception caused it.
    /// </summary>
    public static ApiError ToApiError(ProblemDetails? problem, Exception? exception, int responseStatus, ExceptionClassifier classifier, HttpContext? context)
    {
        if (exception is not null && classifier.Classify(exception, context) is { } classified)
        {
            return classified;
        }

        var status = problem?.Status ?? (responseStatus >= 400 ? responseStatus : StatusCodes.Status500InternalServerError);
        return FromProblem(problem, status, exception is null ? problem?.Detail : null, exception, context);
    }

    /// <summary>
    /// The error a <see cref="ProblemDetails"/> the application chose stands for (a returned result, or an exception
    /// mapped with <see cref="ApiErrorsOptions.MapToProblemDetails{TException}"/>), with <paramref name="status"/>
    /// (400-599) and <paramref name="message"/> as the specific message.
    /// </summary>
    public static ApiError FromProblem(ProblemDetails? problem, int status, string? message, Exception? exception, HttpContext? context)
    {
        var fields = problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? FieldErrors(validation.Errors, FieldNameResolver.For(context))
            : [];
        var validationFailed = fields.Count != 0 && status == StatusCodes.Status400BadRequest;
        return new ApiError
        {
            Kind = validationFailed ? ErrorKind.ValidationFailed : ErrorCodes.ErrorKindForStatus(status),
            StatusCode = validationFailed ? null : status,
            Fields = fields,
            Message = message,
            Exception = exception,
            Details = Extensions(problem),
            ProblemType = OwnType(problem, status),
            ProblemTitle = OwnTitle(problem, status),
            Instance = problem?.Instance,
        };
    }

    /// <summary>
    /// <paramref name="error"/> (made from the model state behind MVC's <c>ValidationProblem()</c>) with what the
    /// application put on the problem: its detail when the error has no message, title, type, instance and extensions.
    /// </summary>
    public static ApiError WithProblem(ApiError error, ProblemDetails problem)
    {
        var status = problem.Status ?? error.StatusCode ?? StatusCodes.Status400BadRequest;
        return new ApiError
        {
            Kind = error.Kind,
            Code = error.Code,
            StatusCode = error.StatusCode,
            Message = error.Message ?? problem.Detail,
            Fields = error.Fields,
            Details = Extensions(problem) ?? error.Details,
            Exception = error.Exception,
            RetryAfter = error.RetryAfter,
            ProblemType = OwnType(problem, status),
            ProblemTitle = OwnTitle(problem, status),
            Instance = problem.Instance,
        };
    }

    /// <summary>
    /// The problem's <c>type</c> when the application chose it: the framework's default for the status (which the
    /// results and MVC's factory fill in) is the dialect's default too, so it does not travel (and follows a status
    /// that <see cref="ApiErrorsOptions.OnError"/> changes).
    /// </summary>
    private static string? OwnType(ProblemDetails? problem, int status) =>
        problem?.Type is { } type && !string.Equals(type, ProblemDetailsDefaults.For(status).Type, StringComparison.Ordinal) ? type : null;

    /// <summary>The problem's <c>title</c> when the application chose it: not the framework's default for the status or for validation.</summary>
    private static string? OwnTitle(ProblemDetails? problem, int status) =>
        problem?.Title is { } title
        && !string.Equals(title, ProblemDetailsDefaults.For(status).Title, StringComparison.Ordinal)
        && !(problem is HttpValidationProblemDetails && string.Equals(title, s_validationTitle, StringComparison.Ordinal))
            ? title
            : null;

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

    /// <summary>
    /// The problem's extensions, without <c>traceId</c>: the framework decorates every problem it makes with one, and
    /// each dialect writes the request's own id.
    /// </summary>
    private static Dictionary<string, object?>? Extensions(ProblemDetails? problem)
    {
        if (problem is null || problem.Extensions.Count == 0)
        {
            return null;
        }

        Dictionary<string, object?>? extensions = null;
        foreach (var (key, value) in problem.Extensions)
        {
            if (!string.Equals(key, "traceId", StringComparison.Ordinal))
            {
                (extensions ??= new Dictionary<string, object?>(problem.Extensions.Count, StringComparer.Ordinal))[key] = value;
            }
        }

        return extensions;
    }
}
