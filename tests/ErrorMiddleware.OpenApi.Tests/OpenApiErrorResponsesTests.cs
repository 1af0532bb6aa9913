using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.OpenApi.Tests;

/// <summary>
/// The OpenAPI document lists, for each operation, the errors it can produce; each documented example must be
/// what the endpoint really answers when that failure is triggered.
/// </summary>
public sealed class OpenApiErrorResponsesTests
{
    /// <summary>Every operation of the test app and the failures its metadata implies, in documented order.</summary>
    public static TheoryData<string, string, string> Operations => new()
    {
        { "GET", "/items/{id}", "NotFound InternalError" },
        { "POST", "/tasks", "RequestBodyInvalid ValidationFailed InternalError" },
        { "GET", "/secure", "AuthenticationMissing AuthenticationInvalid InternalError" },
        { "GET", "/secure/anonymous", "InternalError" },
        { "GET", "/admin", "AuthenticationMissing AuthenticationInvalid Forbidden InternalError" },
        { "GET", "/limited", "RateLimited InternalError" },
        { "GET", "/quota", "QuotaExceeded InternalError" },
        { "GET", "/problem/{id}", "NotFound InternalError" },
        { "POST", "/v1/chat", "RequestBodyInvalid ValidationFailed AuthenticationMissing AuthenticationInvalid QuotaExceeded RateLimited InternalError" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Document_EachDocumentedExample_IsWhatTheEndpointReturnsWhenTriggered(string method, string path, string expectedFailures)
    {
        // Arrange
        await using var app = await OpenApiTestApp.StartAsync();
        var operation = await OperationAsync(app, method, path);
        var hasBody = operation.TryGetProperty("requestBody", out _);

        // Act
        var documented = DocumentedExamples(operation).ToList();

        // Assert: the failures listed are exactly those the metadata implies...
        Assert.Equal(expectedFailures.Split(' ').Order(), documented.Select(d => d.Name).Order());

        // ...and each one, when triggered, comes back with the documented status, media type and code.
        foreach (var (status, mediaType, name, example) in documented)
        {
            using var response = await TriggerAsync(app.Client, method, path, hasBody, name);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.Status(), $"{method} {path} {name}: documented {status}, got {response.Status()}: {text}");
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            using var actual = JsonDocument.Parse(text);
            Assert.True(Code(example) == Code(actual.RootElement), $"{method} {path} {name}: documented {Code(example)}, got {text}");
            Assert.Equal(Shape(example), Shape(actual.RootElement));
        }
    }

    [Fact]
    public async Task Document_ResponsesReferenceTheDialectSchemaComponent()
    {
        // Arrange
        await using var app = await OpenApiTestApp.StartAsync();

        // Act
        var document = await DocumentAsync(app);
        var chat = Operation(document, "POST", "/v1/chat");
        var tasks = Operation(document, "POST", "/tasks");
        var problem = Operation(document, "GET", "/problem/{id}");

        // Assert
        Assert.Equal("#/components/schemas/WanqingError", chat.GetProperty("responses").GetProperty("401").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/BusinessCodeError", tasks.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/ProblemDetailsError", problem.GetProperty("responses").GetProperty("404").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["code", "message", "param", "type"], schemas.GetProperty("WanqingError").GetProperty("properties").GetProperty("error").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["code", "msg"], schemas.GetProperty("BusinessCodeError").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public async Task Document_WanqingStatusesFollowTheDialect_QuotaIs403AndInvalidKeyIs400()
    {
        // Arrange
        await using var app = await OpenApiTestApp.StartAsync();

        // Act
        var responses = (await OperationAsync(app, "POST", "/v1/chat")).GetProperty("responses");
        var quota = (await OperationAsync(app, "GET", "/quota")).GetProperty("responses");

        // Assert
        Assert.Equal(["400", "401", "403", "429", "500"], responses.EnumerateObject().Select(p => p.Name).Where(n => n[0] is '4' or '5').Order());
        Assert.Equal(
            ["InvalidArgument.Authorization", "InvalidArgument.MissingRequiredParameter", "InvalidArgument.RequestBodyInvalid"],
            Examples(responses.GetProperty("400")).Select(e => Code(e.Value)).Order());
        Assert.Equal("Forbidden.InsufficientBalance", Code(Examples(responses.GetProperty("403")).Single().Value));
        Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(responses.GetProperty("500").GetProperty("headers").TryGetProperty("X-Request-Id", out _));
        Assert.Equal("402000", Code(Examples(quota.GetProperty("402")).Single().Value));
        Assert.Equal("530003", Code(Examples(quota.GetProperty("500")).Single().Value));
    }

    [Fact]
    public async Task Document_ApplicationOverride_ExampleUsesConfiguredCatalog()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapOpenApi();
                a.MapGet("/boom", () => Results.Ok());
            },
            o => o.BusinessCodeOverrides[ErrorKind.InternalError] = new ErrorCodeOverride { Code = "599001", Message = "Try later" },
            services => services.AddOpenApi(o => o.AddApiErrorResponses()));

        // Act: 599001 is answered with 500, since 599 is no HTTP status (the document's first-three-digits rule).
        var example = Examples((await OperationAsync(app, "GET", "/boom")).GetProperty("responses").GetProperty("500")).Single().Value;

        // Assert
        Assert.Equal(599001, example.GetProperty("code").GetInt32());
        Assert.Equal("Try later", example.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Document_StatusDeclaredAsProblem_GetsTheDialectContentInstead()
    {
        // Arrange: the application declares 404 as problem+json, but the library answers in BusinessCode.
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapOpenApi();
                a.MapGet("/things/{id}", (string id) => Results.Ok(id)).ProducesProblem(StatusCodes.Status404NotFound);
            },
            configureServices: services => services.AddOpenApi(o => o.AddApiErrorResponses()));

        // Act
        var notFound = (await OperationAsync(app, "GET", "/things/{id}")).GetProperty("responses").GetProperty("404");

        // Assert
        var content = Assert.Single(notFound.GetProperty("content").EnumerateObject());
        Assert.Equal("application/json", content.Name);
        Assert.Equal("#/components/schemas/BusinessCodeError", content.Value.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("404000", Code(Examples(notFound).Single().Value));
    }

    [Fact]
    public async Task Document_ProblemDetailsAcceptHonored_DocumentsProblemJsonUnderItsOwnStatus()
    {
        // Arrange: a Wanqing endpoint; clients may ask for problem+json, whose quota status is 402, not 403.
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapOpenApi();
                a.MapGet("/v1/quota", () => Results.Ok())
                    .WithErrorDialect(ErrorDialect.Wanqing)
                    .WithMetadata(new TestQuotaCost(1))
                    .AddEndpointFilter((_, _) => throw new QuotaExceededException());
            },
            o => o.HonorProblemDetailsAccept = true,
            services => services.AddOpenApi(o => o.AddApiErrorResponses()));
        var responses = (await OperationAsync(app, "GET", "/v1/quota")).GetProperty("responses");

        // Act
        using var plain = await app.Client.GetAsync("/v1/quota");
        using var problemRequest = new HttpRequestMessage(HttpMethod.Get, "/v1/quota");
        problemRequest.Headers.Accept.ParseAdd("application/problem+json");
        using var problem = await app.Client.SendAsync(problemRequest);

        // Assert
        var wanqing = Assert.Single(responses.GetProperty("403").GetProperty("content").EnumerateObject());
        Assert.Equal("application/json", wanqing.Name);
        var documentedWanqing = wanqing.Value.GetProperty("examples").GetProperty("QuotaExceeded").GetProperty("value");
        var problemJson = Assert.Single(responses.GetProperty("402").GetProperty("content").EnumerateObject());
        Assert.Equal("application/problem+json", problemJson.Name);
        var documentedProblem = problemJson.Value.GetProperty("examples").GetProperty("QuotaExceeded").GetProperty("value");
        Assert.Equal(2, responses.GetProperty("500").GetProperty("content").EnumerateObject().Count());

        var actualWanqing = await ErrorAssert.WanqingAsync(plain, 403, Code(documentedWanqing)!);
        Assert.Equal(documentedWanqing.GetProperty("error").GetProperty("message").GetString(), actualWanqing.GetProperty("message").GetString());
        var actualProblem = await ErrorAssert.ProblemAsync(problem, 402, documentedProblem.GetProperty("code").GetInt32());
        Assert.Equal(documentedProblem.GetProperty("title").GetString(), actualProblem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AddApiErrorResponses_WithoutAddApiErrors_FailsWithClearMessage()
    {
        // Arrange
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenApi(o => o.AddApiErrorResponses());
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapGet("/x", () => "x");
        await app.StartAsync();

        // Act
        var failure = await Record.ExceptionAsync(() => app.GetTestClient().GetAsync("/openapi/v1.json"));

        // Assert
        Assert.IsType<InvalidOperationException>(failure);
        Assert.Contains("AddApiErrors()", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> TriggerAsync(HttpClient client, string method, string path, bool hasBody, string failure)
    {
        var request = OpenApiTestApp.ValidRequest(method, path, hasBody);
        switch (failure)
        {
            case "RequestBodyInvalid":
                request.Content = new StringContent("{\"prompt\":", Encoding.UTF8, "application/json");
                break;
            case "ValidationFailed":
                request.Content = new StringContent("{\"prompt\":\"\"}", Encoding.UTF8, "application/json");
                break;
            case "AuthenticationMissing":
                request.Headers.Authorization = null;
                break;
            case "AuthenticationInvalid":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
                break;
            case "Forbidden":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "user");
                break;
            case "QuotaExceeded":
                request.Headers.Add(OpenApiTestApp.BalanceHeader, "0");
                break;
            case "NotFound":
                request.RequestUri = new Uri(path.Replace("{id}", "2", StringComparison.Ordinal), UriKind.Relative);
                break;
            case "InternalError":
                request.Headers.Add(OpenApiTestApp.FailHeader, "1");
                break;
            case "RateLimited":
                var first = OpenApiTestApp.ValidRequest(method, path, hasBody);
                first.Headers.Remove(OpenApiTestApp.ClientHeader);
                first.Headers.Add(OpenApiTestApp.ClientHeader, request.Headers.GetValues(OpenApiTestApp.ClientHeader));
                using (var allowed = await client.SendAsync(first))
                {
                    Assert.True(allowed.IsSuccessStatusCode, $"the request before the rate limit failed: {(int)allowed.StatusCode}");
                }

                break;
            default:
                throw new Xunit.Sdk.XunitException($"The document lists a failure '{failure}' this test cannot trigger.");
        }

        return await client.SendAsync(request);
    }

    private static IEnumerable<(int Status, string MediaType, string Name, JsonElement Example)> DocumentedExamples(JsonElement operation)
    {
        foreach (var response in operation.GetProperty("responses").EnumerateObject())
        {
            var status = int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture);
            if (status < 400)
            {
                continue;
            }

            var content = response.Value.GetProperty("content").EnumerateObject().Single();
            foreach (var (name, value) in Examples(response.Value))
            {
                yield return (status, content.Name, name, value);
            }
        }
    }

    private static IEnumerable<(string Name, JsonElement Value)> Examples(JsonElement response)
    {
        var media = response.GetProperty("content").EnumerateObject().Single().Value;
        return media.GetProperty("examples").EnumerateObject().Select(e => (e.Name, e.Value.GetProperty("value")));
    }

    /// <summary>The code of an error body in any dialect, as text.</summary>
    private static string? Code(JsonElement body)
    {
        var code = body.TryGetProperty("error", out var error) ? error.GetProperty("code") : body.GetProperty("code");
        return code.ValueKind == JsonValueKind.Number ? code.GetRawText() : code.GetString();
    }

    /// <summary>The property names of a body (and of its <c>error</c> object), which must match between example and response.</summary>
    private static string Shape(JsonElement body)
    {
        var names = body.EnumerateObject().Select(p => p.Name).Where(n => n != "exception").Order().ToList();
        if (body.TryGetProperty("error", out var error))
        {
            names.AddRange(error.EnumerateObject().Select(p => "error." + p.Name).Order());
        }

        return string.Join(',', names);
    }

    private static async Task<JsonElement> DocumentAsync(TestAppHandle app)
    {
        using var response = await app.Client.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> OperationAsync(TestAppHandle app, string method, string path) =>
        Operation(await DocumentAsync(app), method, path);

    private static JsonElement Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());
}
