using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ErrorMiddleware;

/// <summary>
/// The endpoint filter factory behind <c>WithApiValidation()</c>: inspects the handler's parameters once, when the
/// endpoint is built, and validates the arguments whose type has a registered <see cref="IValidator{T}"/> before the
/// handler runs (async rules included). When no parameter has a validator, the pipeline is left as it is.
/// </summary>
internal static class ApiValidationEndpointFilter
{
    [RequiresDynamicCode("Closes IValidator<T> over the handler's parameter types.")]
    [RequiresUnreferencedCode("Closes IValidator<T> over the handler's parameter types.")]
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var parameters = context.MethodInfo.GetParameters();
        List<Target>? targets = null;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (ValidatorTypes.For(type) is { } serviceType && isService?.IsService(serviceType) == true)
            {
                (targets ??= []).Add(new Target(i, type, serviceType));
            }
        }

        if (targets is null)
        {
            return next;
        }

        var validated = targets.ToArray();
        var json = context.ApplicationServices.GetService<IOptions<HttpJsonOptions>>();
        return invocation => ValidateAsync(invocation, validated, json, next);
    }

    private static async ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext invocation, Target[] targets, IOptions<HttpJsonOptions>? json, EndpointFilterDelegate next)
    {
        var httpContext = invocation.HttpContext;
        if (httpContext.Response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            // Parameter binding failed and the framework did not throw (RouteHandlerOptions.ThrowOnBadRequest was
            // turned off again): never validate or run the handler with unbound arguments.
            return new ApiErrorHttpResult(MinimalApiBindingErrors.Classify(httpContext, null));
        }

        var services = httpContext.RequestServices;
        IReadOnlyList<FieldError>? fields = null;
        foreach (var target in targets)
        {
            var argument = invocation.Arguments[target.Index];
            if (argument is null || services.GetService(target.ServiceType) is not IValidator validator)
            {
                continue;
            }

            var names = target.Names ??= FieldNameResolver.ForModel(target.ModelType, json?.Value.SerializerOptions);
            var failed = await FluentValidationFailures.ValidateAsync(validator, argument, names, httpContext.RequestAborted).ConfigureAwait(false);
            if (failed.Count != 0)
            {
                // The one argument that failed keeps its own list; more are gathered in a new one.
                fields = fields is null ? failed : [.. fields, .. failed];
            }
        }

        if (fields is not null)
        {
            return new ApiErrorHttpResult(new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields });
        }

        return await next(invocation).ConfigureAwait(false);
    }

    private sealed record Target(int Index, Type ModelType, Type ServiceType)
    {
        /// <summary>The names of the model's fields: the same for every request (the JSON options are the app's), made once.</summary>
        public FieldNameResolver? Names { get; set; }
    }
}
