using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Envelopes MVC results that carry an error status: <c>BadRequest("...")</c>, <c>NotFound()</c>,
/// <c>StatusCode(403)</c>, <c>Problem(...)</c>, <c>ValidationProblem()</c>, <c>BadRequest(ModelState)</c> and
/// objects returned with a 4xx/5xx status. Runs for every action, after MVC's own client-error mapping.
/// </summary>
internal sealed class ErrorResultFilter : IAlwaysRunResultFilter, IOrderedFilter
{
    public int Order => 1;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var error = context.Result switch
        {
            ApiErrorHttpResult => null,
            ObjectResult objectResult => FromObjectResult(context.HttpContext, objectResult),
            StatusCodeResult { StatusCode: >= 400 } statusResult => ApiError.FromStatus(statusResult.StatusCode),
            ContentResult { StatusCode: >= 400 } content => ApiError.FromStatus(content.StatusCode.Value, content.Content),
            _ => null,
        };

        if (error is not null)
        {
            context.Result = new ApiErrorHttpResult(error);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    private static ApiError? FromObjectResult(HttpContext httpContext, ObjectResult result)
    {
        var status = result.StatusCode ?? (result.Value as ProblemDetails)?.Status ?? 0;
        if (status < 400)
        {
            return null;
        }

        switch (result.Value)
        {
            case null:
                return ApiError.FromStatus(status);
            case string message:
                return ApiError.FromStatus(status, message);
            case ProblemDetails problem:
                problem.Status ??= status;
                return ProblemDetailsConversion.ToApiError(problem, null, status, httpContext.RequestServices.GetRequiredService<ExceptionClassifier>(), httpContext);
            case SerializableError serializable:
                return FromSerializableError(httpContext, status, serializable);
            default:
                return new ApiError
                {
                    Kind = ErrorCodes.ErrorKindForStatus(status),
                    StatusCode = status,
                    Details = ToDetails(httpContext, result.Value),
                };
        }
    }

    private static ApiError FromSerializableError(HttpContext httpContext, int status, SerializableError serializable)
    {
        var messages = serializable.Select(static pair => KeyValuePair.Create(pair.Key, pair.Value switch
        {
            IEnumerable<string> texts => texts.ToArray(),
            null => [],
            var value => [value.ToString() ?? string.Empty],
        }));
        var fields = ProblemDetailsConversion.FieldErrors(messages, FieldNameResolver.For(httpContext));
        return status == StatusCodes.Status400BadRequest
            ? new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields }
            : new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Fields = fields };
    }

    /// <summary>Serializes an application object with MVC's JSON options into details (BusinessCode <c>data</c>).</summary>
    private static Dictionary<string, object?> ToDetails(HttpContext httpContext, object value)
    {
        var jsonOptions = httpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.JsonSerializerOptions;
        if (jsonOptions?.TypeInfoResolver is null)
        {
            return new Dictionary<string, object?>(1, StringComparer.Ordinal) { ["value"] = value.ToString() };
        }

        var element = JsonSerializer.SerializeToElement(value, jsonOptions.GetTypeInfo(value.GetType()));
        if (element.ValueKind == JsonValueKind.Object)
        {
            var details = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                details[property.Name] = property.Value;
            }

            return details;
        }

        return new Dictionary<string, object?>(1, StringComparer.Ordinal) { ["value"] = element };
    }
}
