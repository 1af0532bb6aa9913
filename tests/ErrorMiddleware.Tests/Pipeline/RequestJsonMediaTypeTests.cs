using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Pipeline;

/// <summary>A JSON body refused for its content type or charset is the client's 415, not a 500 (hostile corpus, issue 9).</summary>
public sealed class RequestJsonMediaTypeTests
{
    private static readonly ExpectedError s_mediaType = new(415, 415000, "Unsupported Media Type", 415, "Unsupported Media Type", "Unsupported Media Type");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task MinimalBody_UnknownCharset_Writes415NotServerError(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await app.Client.PostAsync("/bound", Json("klingon"));

        // Assert
        await s_mediaType.AssertAsync(response, dialect);
        Assert.Empty(app.Logs.For("ServerError"));
    }

    [Fact]
    public async Task ReadFromJsonAsync_UnknownCharsetOrNotJson_Writes415()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        using var charset = await app.Client.PostAsync("/read", Json("klingon"));
        using var notJson = await app.Client.PostAsync("/read", new StringContent("{}", Encoding.UTF8, "text/plain"));
        using var valid = await app.Client.PostAsync("/read", Json("utf-8"));

        // Assert
        await ErrorAssert.BusinessAsync(charset, 415, 415000);
        await ErrorAssert.BusinessAsync(notJson, 415, 415000);
        Assert.Equal("ok", await valid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandlerInvalidOperationException_IsStillServerError()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await app.Client.PostAsync("/own", Json("klingon"));

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
    }

    [Fact]
    public async Task RequestJsonMediaTypeExceptionMapper_AspNetCore10_ReadFromJsonAsyncThrowsFromItsOwnFrame()
    {
        // Arrange: the framework behaviour the 415 rule relies on: ReadFromJsonAsync throws InvalidOperationException
        // itself for an unknown charset; a converter's InvalidOperationException under ReadFromJsonAsync is thrown deeper.
        Assert.Equal(10, typeof(HttpRequestJsonExtensions).Assembly.GetName().Version!.Major);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json; charset=klingon";
        context.Request.Body = new MemoryStream("{}"u8.ToArray());
        var valid = new DefaultHttpContext();
        valid.Request.ContentType = "application/json";
        valid.Request.Body = new MemoryStream("{}"u8.ToArray());
        var throwing = new JsonSerializerOptions { Converters = { new ThrowingConverter() } };

        // Act
        var fromRequest = await Assert.ThrowsAsync<InvalidOperationException>(async () => await context.Request.ReadFromJsonAsync<Payload>());
        var fromConverter = await Assert.ThrowsAsync<InvalidOperationException>(async () => await valid.Request.ReadFromJsonAsync<Payload>(throwing));

        // Assert
        Assert.True(RequestJsonMediaTypeExceptionMapper.ThrownInReadFromJson(fromRequest));
        Assert.False(RequestJsonMediaTypeExceptionMapper.ThrownInReadFromJson(fromConverter));
    }

    private static StringContent Json(string charset)
    {
        var content = new StringContent("{\"name\":\"a\"}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = charset };
        return content;
    }

    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect) => TestApp.StartAsync(
        app =>
        {
            app.MapPost("/bound", (Payload payload) => payload.Name);
            app.MapPost("/read", async (HttpRequest request) =>
            {
                await request.ReadFromJsonAsync<Payload>();
                return "ok";
            });
            app.MapPost("/own", string () => throw new InvalidOperationException("The handler's own state is broken."));
        },
        options => options.Dialect = dialect);

    internal sealed record Payload(string Name);

    private sealed class ThrowingConverter : System.Text.Json.Serialization.JsonConverter<Payload>
    {
        public override Payload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new InvalidOperationException("A server-side converter is broken.");

        public override void Write(Utf8JsonWriter writer, Payload value, JsonSerializerOptions options) =>
            throw new InvalidOperationException("A server-side converter is broken.");
    }
}
