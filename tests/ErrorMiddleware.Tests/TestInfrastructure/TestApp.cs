using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.TestInfrastructure;

/// <summary>
/// Builds a real pipeline on TestServer (or Kestrel on 127.0.0.1) with ErrorMiddleware first in it.
/// </summary>
internal static class TestApp
{
    /// <summary>Starts an app: <paramref name="configureServices"/> runs after <c>AddApiErrors</c>, <paramref name="configureApp"/> after <c>UseApiErrors</c>.</summary>
    public static async Task<TestAppHandle> StartAsync(
        Action<WebApplication> configureApp,
        Action<ApiErrorsOptions>? configureOptions = null,
        Action<IServiceCollection>? configureServices = null,
        string environment = "Production",
        bool kestrel = false,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        // A content root of its own, so the SampleApi appsettings.json copied into the test output is not read.
        var contentRoot = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-app-root")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = contentRoot });
        if (kestrel)
        {
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        var logs = new InMemoryLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<InMemoryLoggerProvider>(null, LogLevel.Trace);
        builder.Services.AddApiErrors(configureOptions);
        configureServices?.Invoke(builder.Services);
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.UseApiErrors();
        configureApp(app);
        await app.StartAsync();

        HttpClient client;
        if (kestrel)
        {
            var address = app.Urls.First();
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        else
        {
            client = app.GetTestClient();
        }

        return new TestAppHandle(app, client, logs);
    }
}

/// <summary>A started test app; disposing stops it.</summary>
internal sealed class TestAppHandle(WebApplication app, HttpClient client, InMemoryLoggerProvider logs) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    public HttpClient Client { get; } = client;

    public InMemoryLoggerProvider Logs { get; } = logs;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
