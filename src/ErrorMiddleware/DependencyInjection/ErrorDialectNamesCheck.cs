using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware;

/// <summary>
/// Fails startup when an endpoint, group, controller or action names a dialect nobody registered
/// (<c>WithErrorDialect("Nope")</c>), instead of answering its errors in another dialect at run time. It runs as a
/// startup filter, right after the application's pipeline was built: only then are the mapped endpoints known.
/// </summary>
internal sealed class ErrorDialectNamesCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        Check(app.ApplicationServices);
    };

    private static void Check(IServiceProvider services)
    {
        if (services.GetService<EndpointDataSource>() is not { } source || services.GetService<ErrorDialectRegistry>() is not { } registry)
        {
            return;
        }

        var unknown = new List<string>();
        foreach (var endpoint in source.Endpoints)
        {
            foreach (var attribute in endpoint.Metadata.GetOrderedMetadata<ErrorDialectAttribute>())
            {
                if (!registry.TryGet(attribute.Name, out _))
                {
                    unknown.Add($"'{attribute.Name}' on {endpoint.DisplayName ?? "an endpoint"}");
                }
            }
        }

        if (unknown.Count != 0)
        {
            throw new InvalidOperationException(
                $"No error dialect is named {string.Join(", ", unknown.Distinct())}. Known dialects: "
                + $"{string.Join(", ", registry.All.Select(static d => d.Name))}. Register your own with ApiErrorsOptions.AddDialect().");
        }
    }
}
