using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>
/// A TestServer app with <c>UseApiErrors()</c> and, per <see cref="ErrorPipeline"/>, the framework's
/// <c>UseExceptionHandler()</c> in either order. <paramref name="outer"/> runs before both.
/// </summary>
internal static class CompositionApp
{
    public static async Task<TestAppHandle> StartAsync(
        ErrorPipeline pipeline,
        Action<WebApplication> map,
        Action<IServiceCollection>? servicesBeforeApiErrors = null,
        Action<IServiceCollection>? servicesAfterApiErrors = null,
        Func<HttpContext, RequestDelegate, Task>? outer = null,
        Action<ApiErrorsOptions>? options = null)
    {
        var contentRoot = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-app-root")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = contentRoot });
        builder.WebHost.UseTestServer();
        var logs = new InMemoryLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter(_ => true);
        servicesBeforeApiErrors?.Invoke(builder.Services);
        builder.Services.AddApiErrors(options);
        servicesAfterApiErrors?.Invoke(builder.Services);

        var app = builder.Build();
        if (outer is not null)
        {
            app.Use(outer);
        }

        switch (pipeline)
        {
            case ErrorPipeline.ApiErrorsAlone:
                app.UseApiErrors();
                break;
            case ErrorPipeline.ApiErrorsOutside:
                app.UseApiErrors();
                app.UseExceptionHandler();
                break;
            case ErrorPipeline.ExceptionHandlerOutside:
                app.UseExceptionHandler();
                app.UseApiErrors();
                break;
            case ErrorPipeline.ExceptionHandlerAlone:
                app.UseExceptionHandler();
                break;
        }

        map(app);
        await app.StartAsync();
        return new TestAppHandle(app, app.GetTestClient(), logs);
    }
}
