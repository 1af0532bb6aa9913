using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// The BusinessCode document: HTTP 200 means "request successful (includes synchronous results or successful
/// submission of asynchronous tasks)". The sample's task API follows it: a submitted task is 200 with code 0, not 201.
/// </summary>
public sealed class SampleTaskSubmissionTests
{
    [Fact]
    public async Task TaskSubmission_ValidRequest_Answers200WithSuccessEnvelope()
    {
        // Arrange
        await using var factory = new ProductionSampleFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks")
        {
            Content = new StringContent("""{"prompt":"hi"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-demo-valid");

        // Act
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(200 == (int)response.StatusCode, $"expected HTTP 200, got {(int)response.StatusCode}: {body}");
        Assert.Null(response.Headers.Location);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(0, json.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("Success", json.RootElement.GetProperty("msg").GetString());
        Assert.Equal("succeeded", json.RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.StartsWith("tsk_", json.RootElement.GetProperty("data").GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The sample as <c>dotnet run</c> starts it, in Production.</summary>
    private sealed class ProductionSampleFactory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.ClearProviders());
        }
    }
}
