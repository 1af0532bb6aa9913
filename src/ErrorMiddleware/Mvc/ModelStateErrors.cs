using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware;

/// <summary>
/// Classifies an invalid <see cref="ModelStateDictionary"/> as a missing body (400005), a binding failure
/// (100001) or a validation failure (100002, "missing" for <c>[Required]</c> and <c>[BindRequired]</c>), without
/// reading message text: where each error came from is recorded per request by <see cref="ModelErrorOrigins"/>.
/// Field names come from <see cref="FieldNameResolver"/>.
/// </summary>
internal static class ModelStateErrors
{
    public static ApiError ToApiError(ActionContext context)
    {
        var httpContext = context.HttpContext;
        var names = FieldNameResolver.For(context);

        List<FieldError>? binding = null;
        List<FieldError>? validation = null;
        var bodyMissing = false;
        var unsupportedMediaType = false;
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            foreach (var error in entry.Errors)
            {
                if (error.Exception is UnsupportedContentTypeException)
                {
                    if (BindingFailures.HasBody(httpContext.Request))
                    {
                        unsupportedMediaType = true;
                    }
                    else
                    {
                        bodyMissing = true;
                    }

                    continue;
                }

                switch (ModelErrorOrigins.KindOf(httpContext, key, error))
                {
                    case ModelErrorKind.BodyMissing:
                        bodyMissing = true;
                        break;
                    case ModelErrorKind.Binding:
                        (binding ??= []).Add(BindingFailures.Invalid(names.Resolve(key), error.Exception as JsonException, names));
                        break;
                    case var kind:
                        (validation ??= []).Add(new FieldError(names.Resolve(key), error.ErrorMessage, isMissing: kind == ModelErrorKind.Missing));
                        break;
                }
            }
        }

        if (unsupportedMediaType)
        {
            return ApiError.FromStatus(StatusCodes.Status415UnsupportedMediaType);
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
}
