using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErrorMiddleware;

/// <summary>
/// Registers what composes the library with the framework's exception handling and telemetry: the library's own
/// <see cref="IExceptionHandler"/> (so that <c>UseExceptionHandler()</c> answers in the endpoint's dialect), the
/// platform telemetry of server errors, and the <c>aspnetcore.diagnostics.exceptions</c> counter.
/// </summary>
internal static class ExceptionHandlingServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<ServerErrorTelemetry>();
        services.TryAddSingleton<ExceptionHandlingMetrics>();
        services.TryAddSingleton<ApiErrorsExceptionHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, ApiErrorsExceptionHandler>(static provider => provider.GetRequiredService<ApiErrorsExceptionHandler>()));
    }
}
