using ErrorMiddleware.Tests.Endpoints;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>FluentValidation of minimal-API arguments with <c>WithApiValidation()</c>, and thrown ValidationExceptions.</summary>
public sealed class WithApiValidationTests
{
    [Fact]
    public async Task WithApiValidation_EmptyPrompt_BusinessCode100002AndHandlerNotRun()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"max_tokens":5}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("msg").GetString());
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("prompt", error.GetProperty("field").GetString());
        Assert.Equal("NotEmptyValidator", error.GetProperty("code").GetString());
        Assert.Equal(0, state.HandlerRuns);
    }

    [Fact]
    public async Task WithApiValidation_EmptyPrompt_WanqingMissingRequiredParameter()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"max_tokens":5}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("The prompt parameter is required.", error.GetProperty("message").GetString());
        Assert.Equal("prompt", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task WithApiValidation_EmptyPrompt_ProblemDetailsErrors()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"max_tokens":5}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("'prompt' must not be empty.", body.GetProperty("errors").GetProperty("prompt")[0].GetString());
    }

    [Fact]
    public async Task WithApiValidation_SeveralRules_WanqingParamNamesFirstMissingField()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act: max_tokens out of range comes before the missing role of messages[0].
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"hi","max_tokens":9000,"messages":[{"role":""}]}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("messages[0].role", error.GetProperty("param").GetString());
        Assert.Equal("The messages[0].role parameter is required.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task WithApiValidation_SeveralRules_BusinessCodeMessageListsAllInOrder()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"hi","max_tokens":9000,"messages":[{"role":""}]}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal(
            "Parameter validation failed: 'max_tokens' must be between 1 and 4096. You entered 9000. 'messages[0].role' must not be empty.",
            body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task WithApiValidation_AsyncRule_Fails()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"forbidden"}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("'prompt' is not allowed.", body.GetProperty("errors").GetProperty("prompt")[0].GetString());
    }

    [Fact]
    public async Task WithApiValidation_ValidRequest_HandlerRuns()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/tasks", """{"prompt":"hi"}""");

        // Assert
        Assert.Equal(200, response.Status());
        Assert.Equal(1, state.HandlerRuns);
    }

    [Fact]
    public async Task WithApiValidation_NotOnEndpoint_NoFluentValidation()
    {
        // Arrange
        var (app, state) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var _ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/unvalidated/tasks", """{"prompt":""}""");

        // Assert
        Assert.Equal(200, response.Status());
        Assert.Equal(1, state.HandlerRuns);
    }

    [Fact]
    public async Task WithApiValidation_NonNullableProperty_OneMessageFromFluentValidation()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/validated/strict", """{"title":""}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        var title = Assert.Single(body.GetProperty("errors").EnumerateObject());
        Assert.Equal(["'title' must not be empty."], title.Value.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ValidationException_ThrownByHandler_BusinessCode100002WithJsonName()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.BusinessCode);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/thrown", """{"prompt":""}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task ValidationException_ThrownByHandler_WanqingMissingRequiredParameter()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.Wanqing);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/thrown", """{"prompt":""}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("prompt", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ValidationException_ThrownByHandler_ProblemDetailsErrors()
    {
        // Arrange
        var (app, _) = await MinimalValidationApp.StartAsync(ErrorDialect.ProblemDetails);
        await using var __ = app;

        // Act
        var response = await app.Client.PostJsonAsync("/thrown", """{"prompt":"ok","max_tokens":0}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("'max_tokens' must be between 1 and 4096. You entered 0.", body.GetProperty("errors").GetProperty("max_tokens")[0].GetString());
    }
}
