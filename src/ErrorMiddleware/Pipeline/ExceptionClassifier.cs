using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Decides which error an exception becomes: the application's mappings first (in order), then the built-in
/// rules of DESIGN.md. Returns <see langword="null"/> when the exception must be rethrown.
/// </summary>
internal sealed class ExceptionClassifier(IOptions<ApiErrorsOptions> options)
{
    private readonly ApiErrorsOptions _options = options.Value;

    public ApiError? Classify(Exception exception, HttpContext? context = null)
    {
        var mappings = _options.GetMappings();
        for (var i = 0; i < mappings.Count; i++)
        {
            var mapping = mappings[i];
            if (!mapping.ExceptionType.IsInstanceOfType(exception))
            {
                continue;
            }

            if (mapping.Rethrow)
            {
                return null;
            }

            if (mapping.StatusCode is { } statusCode)
            {
                return new ApiError { Kind = ErrorCodes.ErrorKindForStatus(statusCode), StatusCode = statusCode, Exception = exception };
            }

            if (mapping.Mapping!(exception) is { } mapped)
            {
                return ApiError.FromException(mapped, exception);
            }
        }

        return exception switch
        {
            _ when FormLimitErrors.Classify(exception) is { } formLimit => formLimit,
            ApiException api => ApiError.FromException(api),
            BadHttpRequestException bad => bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new ApiError { Kind = ErrorKind.PayloadTooLarge, Exception = exception },
                StatusCodes.Status408RequestTimeout => new ApiError { Kind = ErrorKind.RequestTimeout, Exception = exception },
                StatusCodes.Status400BadRequest => MinimalApiBindingErrors.Classify(context, bad),
                var status => new ApiError { Kind = ErrorCodes.ErrorKindForStatus(status), StatusCode = status, Exception = exception },
            },
            JsonException when CarriesBody(context) => new ApiError { Kind = ErrorKind.RequestBodyInvalid, Exception = exception },
            FluentValidation.ValidationException validation => new ApiError
            {
                Kind = ErrorKind.ValidationFailed,
                Fields = FluentValidationFailures.From(validation, context),
                Exception = exception,
            },
            DbException => new ApiError { Kind = ErrorKind.DatabaseError, Exception = exception },
            HttpRequestException => new ApiError { Kind = ErrorKind.UpstreamError, Exception = exception },
            _ => new ApiError { Kind = ErrorKind.InternalError, Exception = exception },
        };
    }

    /// <summary>
    /// A <see cref="JsonException"/> is the client's fault only when the client sent a body that a handler parsed
    /// (<c>ReadFromJsonAsync</c>); one from parsing an upstream reply or a stored value is a server fault.
    /// </summary>
    private static bool CarriesBody(HttpContext? context)
    {
        if (context is null)
        {
            return false;
        }

        var request = context.Request;
        return request.ContentLength > 0
            || (request.ContentLength is null && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
    }
}
