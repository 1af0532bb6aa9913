using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Benchmarks;

/// <summary>Builds the same terminal delegate behind different error-handling middleware.</summary>
internal static class Pipelines
{
    public static (RequestDelegate Pipeline, IServiceProvider Services) Build(string kind, RequestDelegate terminal)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.None));
        services.AddMetrics();
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new BenchEnvironment());
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>(new BenchEnvironment());
        services.AddSingleton(new System.Diagnostics.DiagnosticListener("Microsoft.AspNetCore"));
        services.AddSingleton<System.Diagnostics.DiagnosticSource>(sp => sp.GetRequiredService<System.Diagnostics.DiagnosticListener>());
        switch (kind)
        {
            case "ApiErrors":
                services.AddApiErrors();
                break;
            case "ExceptionHandler":
                services.AddProblemDetails();
                break;
        }

        var provider = services.BuildServiceProvider();
        var app = new ApplicationBuilder(provider);
        switch (kind)
        {
            case "ApiErrors":
                app.UseApiErrors();
                break;
            case "ExceptionHandler":
                app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => 500 });
                app.UseStatusCodePages();
                break;
        }

        app.Run(terminal);
        return (app.Build(), provider);
    }

    private sealed class BenchEnvironment : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "bench";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();

        public string WebRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
