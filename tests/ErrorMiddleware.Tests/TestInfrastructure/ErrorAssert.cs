using System.Net;
using System.Text.Json;

namespace ErrorMiddleware.Tests.TestInfrastructure;

/// <summary>Reads and checks error responses.</summary>
internal static class ErrorAssert
{
    /// <summary>Asserts status and content type, returns the parsed body.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int status, string mediaType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty);
        Assert.True(response.Headers.Contains("X-Request-Id"), "X-Request-Id header missing");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a BusinessCode error and returns the body.</summary>
    public static async Task<JsonElement> BusinessAsync(HttpResponseMessage response, int status, int code)
    {
        var body = await ErrorAsync(response, status);
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.String, body.GetProperty("msg").ValueKind);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        return body;
    }

    /// <summary>Asserts a Wanqing error and returns the <c>error</c> object.</summary>
    public static async Task<JsonElement> WanqingAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await ErrorAsync(response, status);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("request_id").GetString());
        return error;
    }

    /// <summary>Asserts a ProblemDetails error and returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, int code)
    {
        var body = await ErrorAsync(response, status, "application/problem+json");
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        return body;
    }

    public static int Status(this HttpResponseMessage response) => (int)response.StatusCode;

    public static HttpStatusCode AsStatus(this int status) => (HttpStatusCode)status;
}
