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
/// Names the fields of failures that arrive without their model type — a <see cref="FluentValidation.ValidationException"/>
/// thrown by application code, the <c>errors</c> of .NET's built-in minimal-API validation — like those of automatic
/// validation: resolved against the endpoint's JSON body type with the serializer the endpoint uses (MVC's or minimal
/// APIs' JSON options). Members of other objects fall back to the naming policy.
/// </summary>
internal static class EndpointFieldNames
{
    /// <summary>Maps a CLR (or naming-policy) path to the client's JSON path for the request's endpoint.</summary>
    public static Func<string, string>? For(HttpContext? context)
    {
        if (context is null)
        {
            return null;
        }

        var (bodyType, json) = BodyContract(context);
        return path => JsonFieldNames.Resolve(path, bodyType, json);
    }

    public static IReadOnlyList<FieldError> From(FluentValidation.ValidationException exception, HttpContext? context) =>
        FluentValidationFields.From(exception.Errors, For(context));

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
            if (inferred is null && !attributes.Any(static a => a is IFromRouteMetadata or IFromQueryMetadata or IFromHeaderMetadata or IFromFormMetadata or IFromServiceMetadata)
                && type.IsClass && type != typeof(string)
                && !typeof(HttpContext).IsAssignableFrom(type) && isService?.IsService(type) != true)
            {
                inferred = type;
            }
        }

        return inferred;
    }
}
