using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Mvc;

/// <summary>MVC model binding ([ApiController] and plain controllers): 100001 / 400005, in all three dialects.</summary>
public sealed class MvcModelBindingTests
{
    private const string WrongType = """{"prompt":"hi","max_tokens":"abc"}""";

    [Fact]
    public async Task ApiController_WrongJsonType_BusinessCode100001NamingJsonField()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", WrongType);

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'max_tokens' has an invalid value or type.", body.GetProperty("msg").GetString());
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("max_tokens", error.GetProperty("field").GetString());
        Assert.DoesNotContain("System.Int32", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiController_WrongJsonType_WanqingRequestBodyInvalidWithParam()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", WrongType);

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("Invalid request body format, please check the request body format.", error.GetProperty("message").GetString());
        Assert.Equal("max_tokens", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ApiController_WrongJsonType_ProblemDetails100001WithErrors()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", WrongType);

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'max_tokens' has an invalid value or type.", body.GetProperty("detail").GetString());
        var errors = body.GetProperty("errors");
        Assert.Equal(["max_tokens"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("'max_tokens' has an invalid value or type.", errors.GetProperty("max_tokens")[0].GetString());
    }

    [Fact]
    public async Task ApiController_MalformedJson_BusinessCode100001WithoutFrameworkText()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", "{bad");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body is not valid JSON.", body.GetProperty("msg").GetString());
        Assert.DoesNotContain("invalid start", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiController_MalformedJson_WanqingRequestBodyInvalidWithoutParam()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", "{bad");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task ApiController_EmptyJsonBody_BusinessCode400005()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validation-tests/api/tasks");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 400005);
        Assert.Equal("Invalid request parameters (missing auth info or body)", body.GetProperty("msg").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task ApiController_EmptyJsonBody_WanqingRequestBodyInvalid()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validation-tests/api/tasks");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task ApiController_EmptyJsonBody_ProblemDetails400005()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validation-tests/api/tasks");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 400005);
        Assert.False(body.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task ApiController_NoBodyAndNoContentType_BusinessCode400005()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostAsync("/validation-tests/api/tasks", content: null);

        // Assert
        await ErrorAssert.BusinessAsync(response, 400, 400005);
    }

    [Fact]
    public async Task ApiController_BodyOfUnsupportedMediaType_Keeps415()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostAsync("/validation-tests/api/tasks", new StringContent("prompt=hi", System.Text.Encoding.UTF8, "text/plain"));

        // Assert
        await ErrorAssert.BusinessAsync(response, 415, 415000);
    }

    [Fact]
    public async Task ApiController_UnparseableQueryValue_BusinessCode100001NamingParameter()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.GetAsync("/validation-tests/api/items?count=abc");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'count' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task ApiController_UnparseableQueryValue_WanqingParamIsQueryName()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.GetAsync("/validation-tests/api/items?count=abc");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("count", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ApiController_UnparseableQueryValue_ProblemDetailsErrorsKeyedByQueryName()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.GetAsync("/validation-tests/api/items?count=12x");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal(["count"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ApiController_BindingAndValidationBothFail_BindingWins()
    {
        // Arrange: "prompt" is empty (a FluentValidation failure) and max_tokens has the wrong type.
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"","max_tokens":"abc"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        var errors = body.GetProperty("data").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["max_tokens"], errors);
    }

    [Fact]
    public async Task PlainController_MalformedJson_BusinessCode100001BeforeActionRuns()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/tasks", """{"prompt":"hi","max_tokens":"abc"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'max_tokens' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task PlainController_EmptyJsonBody_Wanqing400RequestBodyInvalid()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validation-tests/plain/tasks");

        // Assert
        await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
    }

    [Fact]
    public async Task PlainController_EmptyJsonBody_ProblemDetails400005()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostEmptyJsonAsync("/validation-tests/plain/tasks");

        // Assert
        await ErrorAssert.ProblemAsync(response, 400, 400005);
    }

    [Fact]
    public async Task PlainController_SuppressedModelStateFilter_ActionsBadRequestModelStateIsEnveloped()
    {
        // Arrange: the application handles model state itself and returns BadRequest(ModelState).
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.BusinessCode,
            mvc => mvc.ConfigureApiBehaviorOptions(o => o.SuppressModelStateInvalidFilter = true));

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/self-checked", """{"item_count":3}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: The name field is required.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task PlainController_SuppressedModelStateFilter_BadRequestModelStateWithBindingErrorIs100001()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.BusinessCode,
            mvc => mvc.ConfigureApiBehaviorOptions(o => o.SuppressModelStateInvalidFilter = true));

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/self-checked", """{"name":"a","item_count":"many"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'item_count' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task PlainController_SuppressedModelStateFilter_BadRequestModelStateWithMissingNameIsMissingParameter()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.Wanqing,
            mvc => mvc.ConfigureApiBehaviorOptions(o => o.SuppressModelStateInvalidFilter = true));

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/self-checked", """{"item_count":3}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("name", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ApiController_JsonArrayWhereObjectExpected_BusinessCode100001SaysJsonObject()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", "[]");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body must be a JSON object.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task PlainController_JsonNumberWhereObjectExpected_ProblemDetailsSaysJsonObject()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/tasks", "42");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: The request body must be a JSON object.", body.GetProperty("detail").GetString());
    }
}
