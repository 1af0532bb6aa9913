using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Classifies an invalid <see cref="ModelStateDictionary"/> as a missing body (400005), a binding failure
/// (100001) or a validation failure (100002, "missing" for <c>[Required]</c>), without reading message text: JSON
/// errors are keyed <c>$...</c>, exceptions are binding errors, and the messages of the framework's binding
/// accessors and of <c>[Required]</c> are recognised by reference (<see cref="ModelErrorTags"/>).
/// Field names are the client's JSON names (<c>[JsonPropertyName]</c> and the naming policy honoured).
/// </summary>
internal static class ModelStateErrors
{
    public static ApiError ToApiError(ActionContext context)
    {
        var modelState = context.ModelState;
        var names = new FieldNameContext(context);

        List<FieldError>? binding = null;
        List<FieldError>? validation = null;
        var bodyMissing = false;
        var unsupportedMediaType = false;
        foreach (var (key, entry) in modelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid)
            {
                continue;
            }

            foreach (var error in entry.Errors)
            {
                var kind = ModelErrorTags.KindOf(error.ErrorMessage);
                if (error.Exception is UnsupportedContentTypeException)
                {
                    if (HasBody(context.HttpContext.Request))
                    {
                        unsupportedMediaType = true;
                    }
                    else
                    {
                        bodyMissing = true;
                    }
                }
                else if (kind == ModelErrorKind.BodyMissing)
                {
                    bodyMissing = true;
                }
                else if (key.StartsWith('$') || error.Exception is not null || kind == ModelErrorKind.Binding)
                {
                    var field = names.Resolve(key);
                    (binding ??= []).Add(new FieldError(field, BindingMessage(field)));
                }
                else
                {
                    (validation ??= []).Add(new FieldError(names.Resolve(key), error.ErrorMessage, isMissing: kind == ModelErrorKind.Missing));
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

    /// <summary>A binding message that names the field without echoing the framework's exception text.</summary>
    public static string BindingMessage(string field) => field.Length == 0
        ? "The request body is not valid JSON."
        : $"'{field}' has an invalid value or type.";

    internal static bool HasBody(HttpRequest request)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody;
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        return canHaveBody ?? false;
    }

    /// <summary>Maps model-state keys to JSON paths: body members through the body type's JSON contract.</summary>
    private readonly struct FieldNameContext
    {
        private readonly Type? _bodyType;
        private readonly string? _bodyName;
        private readonly HashSet<string>? _otherParameters;
        private readonly JsonSerializerOptions? _json;

        public FieldNameContext(ActionContext context)
        {
            _json = context.HttpContext.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.JsonSerializerOptions;
            foreach (var parameter in context.ActionDescriptor.Parameters)
            {
                var name = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
                if (parameter.BindingInfo?.BindingSource == BindingSource.Body)
                {
                    _bodyType ??= parameter.ParameterType;
                    _bodyName ??= name;
                }
                else
                {
                    (_otherParameters ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(name);
                }
            }
        }

        public string Resolve(string key)
        {
            if (key.Length == 0 || key[0] == '$')
            {
                return FieldNames.ToJsonPath(key);
            }

            var end = key.IndexOfAny(['.', '[']);
            var first = end < 0 ? key : key[..end];
            if (_otherParameters is not null && _otherParameters.Contains(first))
            {
                // A route, query, header or form name: the client sent exactly this name.
                return end < 0 ? key : key[..end] + JsonFieldNames.Resolve(key[end..], null, _json);
            }

            if (_bodyName is not null && string.Equals(first, _bodyName, StringComparison.OrdinalIgnoreCase))
            {
                if (end < 0)
                {
                    return string.Empty;
                }

                key = key[end..].TrimStart('.');
            }

            return _bodyType is null ? FieldNames.ToJsonPath(key, _json?.PropertyNamingPolicy) : JsonFieldNames.Resolve(key, _bodyType, _json);
        }
    }
}
