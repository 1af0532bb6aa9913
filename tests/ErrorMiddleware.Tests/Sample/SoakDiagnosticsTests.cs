using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// The sample's diagnostics endpoint that <c>bench/soak.sh</c> reads: mapped only with <c>Soak:Diagnostics=true</c>,
/// answering only loopback callers, with this app's error counter and its heap after a full collection.
/// </summary>
public sealed class SoakDiagnosticsTests
{
    private const string Path = "/_soak/diagnostics";

    [Fact]
    public async Task SoakDiagnostics_SwitchOff_IsNotMapped()
    {
        // Arrange
        await using var factory = new SampleFactory(diagnostics: false);

        // Act
        var context = await factory.Server.SendAsync(c => Get(c, Path, IPAddress.Loopback));

        // Assert
        Assert.Equal(404, context.Response.StatusCode);
    }

    [Fact]
    public async Task SoakDiagnostics_CallerNotOnLoopback_IsNotFound()
    {
        // Arrange
        await using var factory = new SampleFactory(diagnostics: true);

        // Act
        var context = await factory.Server.SendAsync(c => Get(c, Path, IPAddress.Parse("192.0.2.10")));

        // Assert
        Assert.Equal(404, context.Response.StatusCode);
        Assert.DoesNotContain("gc_heap_bytes", await Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SoakDiagnostics_LoopbackCaller_CountsEachErrorOfThisAppAndReportsTheHeap()
    {
        // Arrange
        await using var factory = new SampleFactory(diagnostics: true);
        using var before = JsonDocument.Parse(await Body(await factory.Server.SendAsync(c => Get(c, Path, IPAddress.Loopback))));

        // Act
        var failed = await factory.Server.SendAsync(c => Get(c, "/api/v1/tasks", IPAddress.Loopback));
        using var after = JsonDocument.Parse(await Body(await factory.Server.SendAsync(c => Get(c, Path, IPAddress.IPv6Loopback))));

        // Assert
        Assert.Equal(401, failed.Response.StatusCode);
        Assert.Equal(before.RootElement.GetProperty("errors").GetInt64() + 1, after.RootElement.GetProperty("errors").GetInt64());
        Assert.True(after.RootElement.GetProperty("gc_heap_bytes").GetInt64() > 0);
    }

    private static void Get(HttpContext context, string path, IPAddress remote)
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = remote;
    }

    private static async Task<string> Body(HttpContext context)
    {
        using var reader = new StreamReader(context.Response.Body);
        return await reader.ReadToEndAsync();
    }

    /// <summary>The sample in Production, with or without the diagnostics switch.</summary>
    private sealed class SampleFactory(bool diagnostics) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Soak:Diagnostics", diagnostics ? "true" : "false");
            builder.ConfigureLogging(logging => logging.ClearProviders());
        }
    }
}
