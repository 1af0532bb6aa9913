using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace ErrorMiddleware;

/// <summary>
/// The fields of a <see cref="FluentValidation.ValidationException"/> thrown by application code, named like those
/// of automatic validation: resolved against the endpoint's JSON body type with the serializer the endpoint uses
/// (MVC's or minimal APIs' JSON options); failures of other objects fall back to the naming policy.
/// </summary>
internal static class ValidationExceptionFields
{
    public static IReadOnlyList<FieldError> From(FluentValidation.ValidationException exception, HttpContext? context)
    {
        if (context is null)
        {
            return FluentValidationFields.From(exception.Errors);
        }

        var (bodyType, json) = BodyContract(context);
        return FluentValidationFields.From(exception.Errors, path => JsonFieldNames.Resolve(path, bodyType, json));
    }

    private static (Type? BodyType, JsonSerializerOptions? Json) BodyContract(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var services = context.RequestServices;
        if (endpoint?.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
        {
            var mvcJson = services.GetService<IOptions<MvcJsonOptions>>()?.Value.JsonSerializerOptions;
            foreach (var parameter in action.Parameters)
            {
                if (parameter.BindingInfo?.BindingSource == BindingSource.Body)
                {
                    return (parameter.ParameterType, mvcJson);
                }
            }

            return (null, mvcJson);
        }

        var json = services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions;
        if (endpoint?.Metadata.GetMetadata<MethodInfo>() is { } method && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
        {
            return (MinimalBodyType(method, services.GetService<IServiceProviderIsService>()), json);
        }

        return (null, json);
    }

    private static Type? MinimalBodyType(MethodInfo method, IServiceProviderIsService? isService)
    {
        Type? inferred = null;
        foreach (var parameter in method.GetParameters())
        {
            var attributes = parameter.GetCustomAttributes(inherit: false);
            if (attributes.Any(static a => a is IFromBodyMetadata))
            {
                return parameter.ParameterType;
            }

            var type = parameter.ParameterType;
            if (inferred is null && attributes.Length == 0 && type.IsClass && type != typeof(string)
                && !typeof(HttpContext).IsAssignableFrom(type) && isService?.IsService(type) != true)
            {
                inferred = type;
            }
        }

        return inferred;
    }
}
