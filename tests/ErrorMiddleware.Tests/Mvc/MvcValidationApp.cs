using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Mvc;

/// <summary>A real pipeline with the test controllers (routes under <c>/validation-tests</c>) and the test validators.</summary>
internal static class MvcValidationApp
{
    public static Task<TestAppHandle> StartAsync(ErrorDialect dialect, Action<IMvcBuilder>? configureMvc = null) => TestApp.StartAsync(
        app => app.MapControllers(),
        options => options.Dialect = dialect,
        services =>
        {
            var mvc = services.AddControllers().AddApplicationPart(typeof(ValidationApiTestController).Assembly);
            configureMvc?.Invoke(mvc);
            services.AddTestValidators();
        });
}
