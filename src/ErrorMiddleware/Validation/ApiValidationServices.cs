using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>The binding and validation services <c>AddApiErrors()</c> registers.</summary>
internal static class ApiValidationServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<MvcOptions>, ApiValidationMvcOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<RouteHandlerOptions>, ThrowOnBadRequestSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<JsonOptions>, MvcJsonOptionsSetup>());
        ExceptionClassificationServices.Add<MinimalApiBindingExceptionMapper>(services);
        ExceptionClassificationServices.Add<FluentValidationExceptionMapper>(services);
    }
}
