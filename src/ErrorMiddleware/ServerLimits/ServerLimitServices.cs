using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Registers the server-limit hooks and their links of the exception-classification chain.</summary>
internal static class ServerLimitServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<RequestTimeoutOptions>, RequestTimeoutOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<MvcOptions>, FormLimitMvcOptionsSetup>());
        ExceptionClassificationServices.Add<FormLimitExceptionMapper>(services);
        ExceptionClassificationServices.Add<ServerLimitExceptionMapper>(services);
    }
}
