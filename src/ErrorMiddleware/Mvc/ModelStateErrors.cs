using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Classifies an invalid <see cref="ModelStateDictionary"/> as a missing body (400005), a binding failure
/// (100001) or a validation failure (100002), without reading English message text.
/// </summary>
internal static class ModelStateErrors
{
    public static ApiError ToApiError(ActionContext context)
    {
        var modelState = context.ModelState;
        var missingBodyMessage = context.HttpContext.RequestServices.GetService<IOptions<MvcOptions>>()?.Value
            .ModelBindingMessageProvider.MissingRequestBodyRequiredValueAccessor();

        List<FieldError>? binding = null;
        List<FieldError>? validation = null;
        var bodyMissing = false;
        foreach (var (key, entry) in modelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            foreach (var error in entry.Errors)
            {
                if (key.StartsWith('$') || error.Exception is not null)
                {
                    var field = FieldNames.ToJsonPath(key);
                    (binding ??= []).Add(new FieldError(field, BindingMessage(field)));
                }
                else if (missingBodyMessage is not null && string.Equals(error.ErrorMessage, missingBodyMessage, StringComparison.Ordinal))
                {
                    bodyMissing = true;
                }
                else
                {
                    (validation ??= []).Add(new FieldError(FieldNames.ToJsonPath(key), error.ErrorMessage));
                }
            }
        }

        if (bodyMissing)
        {
            return new ApiError { Kind = ErrorKind.RequestBodyMissing };
        }

        if (binding is not null)
        {
            return new ApiError { Kind = ErrorKind.RequestBodyInvalid, Fields = binding };
        }

        return new ApiError { Kind = ErrorKind.ValidationFailed, Fields = (IReadOnlyList<FieldError>?)validation ?? [] };
    }

    /// <summary>A binding message that names the field without echoing the framework's exception text.</summary>
    public static string BindingMessage(string field) => field.Length == 0
        ? "The request body is not valid JSON."
        : $"'{field}' has an invalid value or type.";
}
