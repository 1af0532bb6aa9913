using System.Net;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.ServerLimits;

public sealed class ServerLimitsTests
{
    private static readonly ExpectedError s_tooLarge = new(413, 413000, "Uploaded file size exceeds the system limit.", 413, "Payload Too Large", "Payload Too Large");
    private static readonly ExpectedError s_timeout = new(408, 408000, "Request Timeout", 408, "Request Timeou", "Request Timeout");
    private static readonly ExpectedError s_mediaType = new(415, 415000, "Unsupported Media Type", 415, "Unsupported Media Type", "Unsupported Media Type");
    private static readonly ExpectedError s_method = new(405, 405000, "Method Not Allowed", 405, "Method Not Allowed", "Method Not Allowed");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task KestrelMaxRequestBodySize_BodyTooLarge_Writes413(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartKestrelAsync(dialect);

        // Act
        using var response = await app.Client.PostAsync("/upload", new ByteArrayContent(new byte[4096]));

        // Assert
        await s_tooLarge.AssertAsync(response, dialect);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task KestrelMaxRequestBodySize_JsonBodyTooLarge_Writes413(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartKestrelAsync(dialect);
        var json = "{\"prompt\":\"" + new string('x', 4096) + "\"}";

        // Act
        using var response = await app.Client.PostAsync("/json", new StringContent(json, Encoding.UTF8, "application/json"));

        // Assert
        await s_tooLarge.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task KestrelMaxRequestBodySize_ChunkedBodyTooLarge_Writes413()
    {
        // Arrange
        await using var app = await StartKestrelAsync(ErrorDialect.BusinessCode);
        using var content = new StreamContent(new MemoryStream(new byte[4096]));

        // Act
        using var response = await app.Client.PostAsync("/upload", content);

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.BusinessCode);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task FormValueCountLimit_Exceeded_Writes413(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 2));

        // Act
        using var response = await app.Client.PostAsync("/form", FormWith(5));

        // Assert
        await s_tooLarge.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task FormValueCountLimit_BoundFormParameter_Writes413()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 2));

        // Act
        using var response = await app.Client.PostAsync("/form-bound", FormWith(5));

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.BusinessCode);
    }

    [Fact]
    public async Task FormValueCountLimit_MvcFormParameter_Writes413()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 2));

        // Act
        using var response = await app.Client.PostAsync("/access-limits/mvc/form", FormWith(5));

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.Wanqing);
    }

    [Fact]
    public async Task RequestFormLimitsAttribute_Exceeded_Writes413()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await app.Client.PostAsync("/access-limits/mvc/form-limited", FormWith(5));
        using var within = await app.Client.PostAsync("/access-limits/mvc/form-limited", FormWith(2));

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.BusinessCode);
        Assert.Equal("2", await within.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task EndpointFormOptions_StricterThanGlobal_Writes413(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var bound = await app.Client.PostAsync("/form-strict", FormWith(5));
        using var read = await app.Client.PostAsync("/form-strict-read", FormWith(5));
        using var within = await app.Client.PostAsync("/form-strict", FormWith(2));

        // Assert
        await s_tooLarge.AssertAsync(bound, dialect);
        await s_tooLarge.AssertAsync(read, dialect);
        Assert.Equal(HttpStatusCode.OK, within.StatusCode);
    }

    [Fact]
    public async Task EndpointFormOptions_LooserThanGlobal_IsRead()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => services.Configure<FormOptions>(o =>
        {
            o.ValueCountLimit = 2;
            o.MultipartBodyLengthLimit = 512;
        }));
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.bin" } };

        // Act
        using var values = await app.Client.PostAsync("/form-loose", FormWith(5));
        using var file = await app.Client.PostAsync("/upload-loose", upload);

        // Assert
        Assert.Equal("5", await values.Content.ReadAsStringAsync());
        Assert.Equal("4096", await file.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestFormLimitsAttribute_LooserThanGlobal_IsRead()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 2));

        // Act
        using var response = await app.Client.PostAsync("/access-limits/mvc/form-loose", FormWith(5));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FormMalformed_IsNotTooLarge()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);
        using var content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data") { Parameters = { new("boundary", "b") } };

        // Act
        using var response = await app.Client.PostAsync("/form", content);

        // Assert
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MultipartBodyLengthLimit_Exceeded_Writes413()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.ProblemDetails, services => services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 512));
        using var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[4096]), "file", "big.bin" } };

        // Act
        using var response = await app.Client.PostAsync("/form-bound", content);

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.ProblemDetails);
    }

    [Fact]
    public async Task Form_WithinLimits_IsRead()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 10));

        // Act
        using var direct = await app.Client.PostAsync("/form", FormWith(3));
        using var bound = await app.Client.PostAsync("/form-bound", FormWith(4));

        // Assert
        Assert.Equal("3", await direct.Content.ReadAsStringAsync());
        Assert.Equal("4", await bound.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Form value count limit 2 exceeded.", true)]
    [InlineData("Multipart body length limit 512 exceeded.", true)]
    [InlineData("Line length limit 100 exceeded.", true)]
    [InlineData("Multipart header length limit 16384 exceeded. Too much data before the first boundary.", true)]
    [InlineData("Invalid header line: x", false)]
    [InlineData("Unexpected end of Stream, the content may have already been read by another component.", false)]
    public void FormLimitExceptionMapper_InvalidData_OnlyLimitsAre413(string message, bool isLimit)
    {
        // Act
        var result = FormLimitExceptionMapper.IsLimit(new InvalidDataException(message));

        // Assert
        Assert.Equal(isLimit, result);
    }

    [Fact]
    public async Task FormReaders_AspNetCore10_ReportLimitsAsInvalidDataWithLimitExceededText()
    {
        // Arrange: the framework behaviour FormLimitExceptionMapper relies on, from the real readers.
        Assert.Equal(10, typeof(FormReader).Assembly.GetName().Version!.Major);
        const string Multipart = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n0123456789abcdef\r\n--b--\r\n";

        // Act
        var valueCount = await Assert.ThrowsAsync<InvalidDataException>(() => new FormReader("a=1&b=2&c=3") { ValueCountLimit = 2 }.ReadFormAsync());
        var keyLength = await Assert.ThrowsAsync<InvalidDataException>(() => new FormReader("abcdef=1") { KeyLengthLimit = 2 }.ReadFormAsync());
        var bodyLength = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            var section = await new MultipartReader("b", new MemoryStream(Encoding.UTF8.GetBytes(Multipart))) { BodyLengthLimit = 4 }.ReadNextSectionAsync();
            await section!.Body.CopyToAsync(Stream.Null);
        });
        var malformed = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new MultipartReader("b", new MemoryStream(Encoding.UTF8.GetBytes("--b\r\nnot a header\r\n\r\nx\r\n--b--\r\n"))).ReadNextSectionAsync());

        // Assert
        Assert.True(FormLimitExceptionMapper.IsLimit(valueCount));
        Assert.True(FormLimitExceptionMapper.IsLimit(keyLength));
        Assert.True(FormLimitExceptionMapper.IsLimit(bodyLength));
        Assert.False(FormLimitExceptionMapper.IsLimit(malformed));
    }

    [Fact]
    public async Task FormValueCountLimit_MvcFormFieldOnApiController_Writes413BeforeModelValidation()
    {
        // Arrange: a [FromForm] field reads through the value providers; without the form it would be a 400 "required".
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => services.Configure<FormOptions>(o => o.ValueCountLimit = 2));

        // Act
        using var response = await app.Client.PostAsync("/access-limits/mvc/form-field", FormWith(5));

        // Assert
        await s_tooLarge.AssertAsync(response, ErrorDialect.BusinessCode);
        Assert.IsType<InvalidDataException>(Assert.Single(app.Logs.For("ClientError")).Exception);
    }

    [Fact]
    public async Task RequestTimeouts_AspNetCore10_WritesTheTimeoutBodylessWithRequestAbortedCancelled()
    {
        // Arrange: the framework behaviour RequestTimeoutOptionsSetup relies on: the middleware calls the policy's
        // writer with the response cleared, the status set and RequestAborted still its own cancelled token.
        Assert.Equal(10, typeof(RequestTimeoutPolicy).Assembly.GetName().Version!.Major);
        (bool Cancelled, int Status, bool Started)? seen = null;
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => AddTimeouts(services, o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromMilliseconds(100),
            WriteTimeoutResponse = context =>
            {
                seen = (context.RequestAborted.IsCancellationRequested, context.Response.StatusCode, context.Response.HasStarted);
                return Task.CompletedTask;
            },
        }));

        // Act
        using var response = await app.Client.GetAsync("/slow");

        // Assert
        Assert.Equal((true, 408, false), seen);
        await s_timeout.AssertAsync(response, ErrorDialect.BusinessCode);
    }

    [Fact]
    public async Task RequestTimeouts_PolicyExpires_OnErrorSeesTheServersOwnToken()
    {
        // Arrange: the error is written once the timeouts middleware gave the server's token back; nothing swaps it.
        CancellationToken serverToken = default;
        CancellationToken? seen = null;
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.Use((context, next) =>
                {
                    serverToken = context.RequestAborted;
                    return next(context);
                });
                MapEndpoints(a);
            },
            o => o.OnError = (context, token) =>
            {
                seen = context.HttpContext.RequestAborted;
                return ValueTask.CompletedTask;
            },
            services =>
            {
                services.AddControllers().AddApplicationPart(typeof(ServerLimitsTests).Assembly);
                AddTimeouts(services, o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(100) });
            });

        // Act
        using var response = await app.Client.GetAsync("/slow");

        // Assert
        await s_timeout.AssertAsync(response, ErrorDialect.BusinessCode);
        Assert.Equal(serverToken, seen);
    }

    [Fact]
    public async Task RequestTimeouts_BodylessStatusesNotEnveloped_StillWrites408()
    {
        // Arrange
        await using var app = await StartAsync(
            ErrorDialect.Wanqing,
            services => AddTimeouts(services, o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(100) }),
            o => o.HandleBodylessStatusCodes = false);

        // Act
        using var response = await app.Client.GetAsync("/slow");

        // Assert
        await s_timeout.AssertAsync(response, ErrorDialect.Wanqing);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task RequestTimeouts_DefaultPolicyExpires_Writes408(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect, services => AddTimeouts(services, o =>
            o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(100) }));

        // Act
        using var response = await app.Client.GetAsync("/slow");

        // Assert
        await s_timeout.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task RequestTimeouts_NamedPolicyExpires_Writes408()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing, services => AddTimeouts(services, o =>
            o.AddPolicy("short", TimeSpan.FromMilliseconds(100))));

        // Act
        using var response = await app.Client.GetAsync("/slow-named");

        // Assert
        await s_timeout.AssertAsync(response, ErrorDialect.Wanqing);
    }

    [Fact]
    public async Task RequestTimeouts_PolicyChoosesItsStatus_KeepsIt()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => AddTimeouts(services, o =>
            o.AddPolicy("short", new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(100), TimeoutStatusCode = 503 })));

        // Act
        using var response = await app.Client.GetAsync("/slow-named");

        // Assert
        await ErrorAssert.BusinessAsync(response, 503, 500001);
    }

    [Fact]
    public async Task RequestTimeouts_OnErrorCallback_GetsTokenThatIsNotCancelled()
    {
        // Arrange
        bool? cancelled = null;
        await using var app = await StartAsync(
            ErrorDialect.BusinessCode,
            services => AddTimeouts(services, o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(100) }),
            o => o.OnError = (context, token) =>
            {
                cancelled = token.IsCancellationRequested || context.HttpContext.RequestAborted.IsCancellationRequested;
                return ValueTask.CompletedTask;
            });

        // Act
        using var response = await app.Client.GetAsync("/slow");

        // Assert
        await s_timeout.AssertAsync(response, ErrorDialect.BusinessCode);
        Assert.False(cancelled);
    }

    [Fact]
    public async Task RequestTimeouts_InlineTimeoutWithoutPolicy_WritesEnveloped504()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, services => AddTimeouts(services));

        // Act
        using var response = await app.Client.GetAsync("/slow-inline");

        // Assert
        await ErrorAssert.BusinessAsync(response, 504, 504000);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task MinimalApi_UnsupportedMediaType_Writes415(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await app.Client.PostAsync("/json", new StringContent("prompt", Encoding.UTF8, "text/plain"));

        // Assert
        await s_mediaType.AssertAsync(response, dialect);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task MvcConsumes_UnsupportedMediaType_Writes415(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await app.Client.PostAsync("/access-limits/mvc/json", new StringContent("prompt", Encoding.UTF8, "text/plain"));

        // Assert
        await s_mediaType.AssertAsync(response, dialect);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Routing_MethodNotAllowed_Writes405AndKeepsAllow(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await app.Client.DeleteAsync("/slow");

        // Assert
        await s_method.AssertAsync(response, dialect);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    private static FormUrlEncodedContent FormWith(int values) =>
        new(Enumerable.Range(0, values).Select(i => new KeyValuePair<string, string>("field" + i, "value")));

    private static Task<TestAppHandle> StartKestrelAsync(ErrorDialect dialect) => TestApp.StartAsync(
        MapEndpoints,
        o => o.Dialect = dialect,
        kestrel: true,
        configureServices: services => services.AddControllers().AddApplicationPart(typeof(ServerLimitsTests).Assembly),
        configureBuilder: builder => builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024));

    private static void AddTimeouts(IServiceCollection services, Action<RequestTimeoutOptions>? configure = null)
    {
        services.AddSingleton<TimeoutsEnabled>();
        if (configure is null)
        {
            services.AddRequestTimeouts();
        }
        else
        {
            services.AddRequestTimeouts(configure);
        }
    }

    private sealed class TimeoutsEnabled;

    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect, Action<IServiceCollection>? configureServices = null, Action<ApiErrorsOptions>? configureOptions = null) => TestApp.StartAsync(
        MapEndpoints,
        o =>
        {
            o.Dialect = dialect;
            configureOptions?.Invoke(o);
        },
        services =>
        {
            services.AddControllers().AddApplicationPart(typeof(ServerLimitsTests).Assembly);
            configureServices?.Invoke(services);
        });

    private static void MapEndpoints(WebApplication app)
    {
        if (app.Services.GetService<TimeoutsEnabled>() is not null)
        {
            app.UseRequestTimeouts();
        }

        app.MapPost("/upload", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return "read";
        });
        app.MapPost("/json", (LimitsPayload payload) => payload.Prompt);
        app.MapPost("/form", async (HttpRequest request) => (await request.ReadFormAsync()).Count);
        app.MapPost("/form-bound", (IFormCollection form) => form.Count).DisableAntiforgery();
        app.MapPost("/form-strict", ([FromForm] string? field0) => "ok").DisableAntiforgery().WithFormOptions(valueCountLimit: 2);
        app.MapPost("/form-strict-read", async (HttpRequest request) => (await request.ReadFormAsync()).Count).WithFormOptions(valueCountLimit: 2);
        app.MapPost("/form-loose", (IFormCollection form) => form.Count).DisableAntiforgery().WithFormOptions(valueCountLimit: 10);
        app.MapPost("/upload-loose", (IFormFile file) => file.Length).DisableAntiforgery().WithFormOptions(multipartBodyLengthLimit: 8192);
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return "late";
        });
        app.MapGet("/slow-named", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return "late";
        }).WithRequestTimeout("short");
        app.MapGet("/slow-inline", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return "late";
        }).WithRequestTimeout(TimeSpan.FromMilliseconds(100));
        app.MapControllers();
    }
}

public sealed record LimitsPayload(string Prompt);

[ApiController]
[Route("access-limits/mvc")]
public sealed class AccessLimitsController : ControllerBase
{
    [HttpPost("json")]
    [Consumes("application/json")]
    public string Json(LimitsPayload payload) => payload.Prompt;

    [HttpPost("form")]
    public int Form([FromForm] IFormCollection form) => form.Count;

    [HttpPost("form-field")]
    public string FormField([FromForm] string field0) => field0;

    [HttpPost("form-limited")]
    [RequestFormLimits(ValueCountLimit = 2)]
    public int FormLimited([FromForm] IFormCollection form) => form.Count;

    [HttpPost("form-loose")]
    [RequestFormLimits(ValueCountLimit = 10)]
    public int FormLoose([FromForm] IFormCollection form) => form.Count;
}
