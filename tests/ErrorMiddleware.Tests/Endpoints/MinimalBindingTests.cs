using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;

namespace ErrorMiddleware.Tests.Endpoints;

/// <summary>Minimal-API parameter binding failures: 100001 / 400005 / 100002 in all three dialects, in Production.</summary>
public sealed class MinimalBindingTests
{
    [Fact]
    public async Task MinimalBody_MalformedJson_BusinessCode100001()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/unvalidated/tasks", "{bad");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body is not valid JSON.", body.GetProperty("msg").GetString());
        Assert.Equal(0, state.HandlerRuns);
    }

    [Fact]
    public async Task MinimalBody_WrongJsonType_BusinessCode100001NamingJsonField()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/unvalidated/tasks", """{"prompt":"hi","max_tokens":"abc"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'max_tokens' has an invalid value or type.", body.GetProperty("msg").GetString());
        Assert.DoesNotContain("System.Int32", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinimalBody_WrongJsonType_WanqingRequestBodyInvalidWithParam()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"hi","max_tokens":"abc"}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("max_tokens", error.GetProperty("param").GetString());
        Assert.Equal("Invalid request body format, please check the request body format.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task MinimalBody_WrongJsonType_ProblemDetails100001WithErrors()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"hi","max_tokens":"abc"}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal("'max_tokens' has an invalid value or type.", body.GetProperty("errors").GetProperty("max_tokens")[0].GetString());
    }

    [Fact]
    public async Task MinimalBody_Missing_BusinessCode400005()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validated/tasks");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 400005);
        Assert.Equal("Invalid request parameters (missing auth info or body)", body.GetProperty("msg").GetString());
        Assert.Equal(0, state.HandlerRuns);
    }

    [Fact]
    public async Task MinimalBody_Missing_WanqingRequestBodyInvalid()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/unvalidated/tasks");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task MinimalBody_Missing_ProblemDetails400005()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostAsync("/unvalidated/tasks", content: null);

        // Assert
        await ErrorAssert.ProblemAsync(response, 400, 400005);
    }

    [Fact]
    public async Task MinimalRoute_UnparseableValue_BusinessCode100001NamingParameter()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.GetAsync("/items/abc");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'id' has an invalid value or type.", body.GetProperty("msg").GetString());
        Assert.DoesNotContain("Failed to bind", body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, state.HandlerRuns);
    }

    [Fact]
    public async Task MinimalRoute_UnparseableValue_WanqingParamIsRouteName()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/items/abc");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("id", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task MinimalRoute_UnparseableValue_ProblemDetailsErrors()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/items/abc");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal(["id"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task MinimalRoute_UnparseableValueOnEndpointWithLibraryFilter_100001AndHandlerNotRun()
    {
        // Arrange: WithApiValidation() finds no validated parameter and returns next unchanged (dotnet/aspnetcore#64341).
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.GetAsync("/filtered/items/abc");
        var ok = await app.Client.GetAsync("/filtered/items/7");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'id' has an invalid value or type.", body.GetProperty("msg").GetString());
        Assert.Equal(200, ok.Status());
        Assert.Equal(1, state.HandlerRuns);
    }

    [Fact]
    public async Task MinimalQuery_UnparseableValue_BusinessCode100001()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/search?page=two&q=cats");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'page' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task MinimalHeader_UnparseableValue_BusinessCode100001NamingHeader()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?page=1&q=cats");
        request.Headers.Add("X-Tenant", "not-a-guid");

        // Act
        var response = await app.Client.SendAsync(request);

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'X-Tenant' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task MinimalQuery_RequiredValueAbsent_BusinessCode100002()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/search?q=cats");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: The page parameter is required.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task MinimalQuery_RequiredValueAbsent_WanqingMissingRequiredParameter()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/search?page=1");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("The q parameter is required.", error.GetProperty("message").GetString());
        Assert.Equal("q", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task MinimalQuery_RequiredValueAbsent_ProblemDetailsErrors()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/search");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal(["page", "q"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task MinimalRoute_UnparseableValueInDevelopment_SameError()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode, environment: "Development");
        await using var __ = app;

        // Act
        var response = await app.Client.GetAsync("/items/abc");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'id' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task MinimalBody_JsonArrayWhereObjectExpected_BusinessCode100001SaysJsonObject()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/unvalidated/tasks", "[]");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body must be a JSON object.", body.GetProperty("msg").GetString());
        Assert.Equal(0, state.HandlerRuns);
    }

    [Fact]
    public async Task MinimalBody_JsonStringWhereObjectExpected_ProblemDetailsSaysJsonObject()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", "\"hello\"");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body must be a JSON object.", body.GetProperty("detail").GetString());
    }
}
