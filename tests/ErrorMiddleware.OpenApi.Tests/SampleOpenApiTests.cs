using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ErrorMiddleware.OpenApi.Tests;

/// <summary>The sample's own document at /openapi/v1.json against what its endpoints answer.</summary>
public sealed class SampleOpenApiTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public SampleOpenApiTests(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
    }

    [Theory]
    [InlineData("RequestBodyInvalid", "{\"messages\":")]
    [InlineData("ValidationFailed", "{\"model\":\"echo-1\"}")]
    public async Task ChatCompletions_Documented400Example_IsWhatTheSampleAnswers(string example, string body)
    {
        // Arrange
        using var client = _factory.CreateClient();
        using var documentResponse = await client.GetAsync("/openapi/v1.json");
        Assert.True(documentResponse.IsSuccessStatusCode);
        using var document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
        var documented = document.RootElement.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post")
            .GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/json")
            .GetProperty("examples").GetProperty(example).GetProperty("value").GetProperty("error");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-demo-valid");

        // Act
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(400 == (int)response.StatusCode, text);
        using var actual = JsonDocument.Parse(text);
        var error = actual.RootElement.GetProperty("error");
        Assert.Equal(documented.GetProperty("code").GetString(), error.GetProperty("code").GetString());
        Assert.Equal(documented.GetProperty("type").GetString(), error.GetProperty("type").GetString());
        if (example == "ValidationFailed")
        {
            Assert.Equal(documented.GetProperty("message").GetString(), error.GetProperty("message").GetString());
            Assert.Equal("messages", error.GetProperty("param").GetString());
        }
    }
}
