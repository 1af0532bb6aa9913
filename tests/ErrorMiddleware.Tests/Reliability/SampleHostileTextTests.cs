using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>
/// Issue 9, item 8: text that is valid JSON syntax but not valid Unicode (an escaped lone surrogate, raw invalid UTF-8)
/// anywhere in a <c>/v1/chat/completions</c> request is the client's fault: a documented 400, never a 500.
/// </summary>
public sealed class SampleHostileTextTests
{
    public static TheoryData<string, byte[]> HostileBodies()
    {
        var data = new TheoryData<string, byte[]>();
        foreach (var stream in new[] { "false", "true" })
        {
            data.Add($"content lone high surrogate, stream {stream}", Utf8($$"""{"stream":{{stream}},"messages":[{"role":"user","content":"\ud800"}]}"""));
            data.Add($"content lone low surrogate, stream {stream}", Utf8($$"""{"stream":{{stream}},"messages":[{"role":"user","content":"a\udc00b"}]}"""));
            data.Add($"content reversed pair, stream {stream}", Utf8($$"""{"stream":{{stream}},"messages":[{"role":"user","content":"\udc00\ud800"}]}"""));
            data.Add($"content invalid UTF-8, stream {stream}", Splice($$"""{"stream":{{stream}},"messages":[{"role":"user","content":"a#b"}]}""", [0xC3, 0x28]));
            data.Add($"content stray continuation byte, stream {stream}", Splice($$"""{"stream":{{stream}},"messages":[{"role":"user","content":"#"}]}""", [0x80]));
            data.Add($"content part invalid UTF-8, stream {stream}", Splice($$"""{"stream":{{stream}},"messages":[{"role":"user","content":[{"type":"text","text":"#"}]}]}""", [0xFF]));
        }

        data.Add("earlier message lone surrogate", Utf8("""{"messages":[{"role":"system","content":"\ud800"},{"role":"user","content":"hi"}]}"""));
        data.Add("role lone surrogate", Utf8("""{"messages":[{"role":"\ud800","content":"hi"}]}"""));
        data.Add("role invalid UTF-8", Splice("""{"messages":[{"role":"#","content":"hi"}]}""", [0xFE]));
        data.Add("model lone surrogate", Utf8("""{"model":"\ud800","messages":[{"role":"user","content":"hi"}]}"""));
        data.Add("model invalid UTF-8", Splice("""{"model":"#","messages":[{"role":"user","content":"hi"}]}""", [0xC0, 0xAF]));
        data.Add("user lone surrogate", Utf8("""{"user":"\ud800","messages":[{"role":"user","content":"hi"}]}"""));
        data.Add("property name lone surrogate", Utf8("""{"\ud800":1,"messages":[{"role":"user","content":"hi"}]}"""));
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task ChatCompletions_InvalidUnicodeInTheBody_IsADocumented400NeverA500(string name, byte[] body)
    {
        // Arrange
        var logs = new InMemoryLoggerProvider();
        await using var factory = new LoggedSampleFactory(logs);
        using var client = factory.CreateClient();

        // Act
        using var response = await client.SendAsync(ChatRequest(body));
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(400 == (int)response.StatusCode, $"{name}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("InvalidArgument.RequestBodyInvalid", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        if (name.StartsWith("content", StringComparison.Ordinal))
        {
            Assert.Equal("messages[0].content", json.RootElement.GetProperty("error").GetProperty("param").GetString());
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task ChatCompletions_NullMessage_IsADocumented400NeverA500()
    {
        // Arrange
        var logs = new InMemoryLoggerProvider();
        await using var factory = new LoggedSampleFactory(logs);
        using var client = factory.CreateClient();

        // Act
        using var response = await client.SendAsync(ChatRequest(Utf8("""{"messages":[{"role":"user","content":"hi"},null]}""")));
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(400 == (int)response.StatusCode, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("InvalidArgument.RequestBodyInvalid", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("messages[1]", json.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_EscapedSurrogatePair_IsEchoedAsItsCharacter(bool stream)
    {
        // Arrange: the fix must not refuse valid text written as escapes.
        await using var factory = new LoggedSampleFactory(new InMemoryLoggerProvider());
        using var client = factory.CreateClient();
        var body = Utf8($$"""{"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"\ud83d\ude00 ok"}]}""");

        // Act
        using var response = await client.SendAsync(ChatRequest(body));
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.True(200 == (int)response.StatusCode, text);
        var echoed = stream
            ? JsonDocument.Parse(text.Split('\n').First(l => l.StartsWith("data: {", StringComparison.Ordinal))[6..]).RootElement
                .GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()
            : JsonDocument.Parse(text).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal("\U0001F600 ok", echoed);
    }

    private static HttpRequestMessage ChatRequest(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-demo-valid");
        return request;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The UTF-8 of <paramref name="template"/> with its one <c>#</c> replaced by raw bytes.</summary>
    private static byte[] Splice(string template, byte[] raw)
    {
        var at = template.IndexOf('#', StringComparison.Ordinal);
        return [.. Utf8(template[..at]), .. raw, .. Utf8(template[(at + 1)..])];
    }

    /// <summary>The sample in Production, its log captured.</summary>
    private sealed class LoggedSampleFactory(InMemoryLoggerProvider logs) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddProvider(logs);
            });
        }
    }
}
