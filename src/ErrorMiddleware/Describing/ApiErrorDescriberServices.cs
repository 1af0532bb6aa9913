using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErrorMiddleware;

/// <summary>Registers <see cref="ApiErrorResponseDescriber"/>, the public view of which errors an endpoint can produce.</summary>
internal static class ApiErrorDescriberServices
{
    public static void Add(IServiceCollection services) =>
        services.TryAddSingleton(static s => new ApiErrorResponseDescriber(
            s.GetRequiredService<ErrorResponseWriter>(),
            s.GetRequiredService<ErrorDialectSelector>(),
            s.GetRequiredService<ErrorResolver>()));
}
