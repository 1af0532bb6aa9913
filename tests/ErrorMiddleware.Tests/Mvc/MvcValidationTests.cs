using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Mvc;

/// <summary>MVC validation: DataAnnotations and FluentValidation (async filter) → 100002, in all three dialects.</summary>
public sealed class MvcValidationTests
{
    [Fact]
    public async Task FluentValidation_EmptyPrompt_BusinessCodeMessageNamesJsonField()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"max_tokens":5}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("msg").GetString());
        var error = Assert.Single(body.GetProperty("data").GetProperty("errors").EnumerateArray());
        Assert.Equal("prompt", error.GetProperty("field").GetString());
        Assert.Equal("NotEmptyValidator", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task FluentValidation_EmptyPrompt_WanqingMissingRequiredParameter()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"max_tokens":5}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("The prompt parameter is required.", error.GetProperty("message").GetString());
        Assert.Equal("prompt", error.GetProperty("param").GetString());
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Fact]
    public async Task FluentValidation_EmptyPrompt_ProblemDetailsErrorsDictionary()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"max_tokens":5}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("detail").GetString());
        Assert.Equal("'prompt' must not be empty.", body.GetProperty("errors").GetProperty("prompt").EnumerateArray().Single().GetString());
        Assert.Equal("NotEmptyValidator", body.GetProperty("errorCodes").GetProperty("prompt")[0].GetString());
    }

    [Fact]
    public async Task FluentValidation_RuleOtherThanRequired_WanqingRequestBodyInvalidWithJsonPropertyName()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"hi","max_tokens":0}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("'max_tokens' must be between 1 and 4096. You entered 0.", error.GetProperty("message").GetString());
        Assert.Equal("max_tokens", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task FluentValidation_RuleOtherThanRequired_BusinessCodeMessage()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"hi","max_tokens":0}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'max_tokens' must be between 1 and 4096. You entered 0.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task FluentValidation_AsyncRule_RunsAndFails()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"forbidden"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' is not allowed.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task FluentValidation_NestedCollectionItem_FieldIsJsonPath()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"hi","messages":[{"role":"user"},{}]}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        var errors = body.GetProperty("errors");
        Assert.Equal(["messages[1].role"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("'messages[1].role' must not be empty.", errors.GetProperty("messages[1].role")[0].GetString());
    }

    [Fact]
    public async Task FluentValidation_ValidRequest_ActionRuns()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", """{"prompt":"hi","max_tokens":5,"messages":[{"role":"user"}]}""");

        // Assert
        Assert.Equal(200, response.Status());
        Assert.Equal("""{"prompt":"hi"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FluentValidation_ImplicitRequiredOfNonNullableProperty_ReportedOnceByFluentValidation()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/strict", "{}");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        var title = Assert.Single(body.GetProperty("errors").EnumerateObject());
        Assert.Equal("title", title.Name);
        Assert.Equal(["'title' must not be empty."], title.Value.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task FluentValidation_SnakeCaseNamingPolicy_FieldAndMessageUsePolicy()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.Wanqing,
            mvc => mvc.AddJsonOptions(o => o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower));

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/sampling", "{}");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("top_p", error.GetProperty("param").GetString());
        Assert.Equal("The top_p parameter is required.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task FluentValidation_PlainController_ValidatedBeforeActionRuns()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/tasks", """{"prompt":""}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: 'prompt' must not be empty.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task DataAnnotations_RequiredAndRange_BusinessCodeBothMessagesWithJsonNames()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/annotated", """{"item_count":50}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal(
            "Parameter validation failed: The name field is required. The field item_count must be between 1 and 10.",
            body.GetProperty("msg").GetString());
        var fields = body.GetProperty("data").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["name", "item_count"], fields);
    }

    [Fact]
    public async Task DataAnnotations_RequiredMissing_WanqingMissingRequiredParameter()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/annotated", """{"item_count":50}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("The name parameter is required.", error.GetProperty("message").GetString());
        Assert.Equal("name", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task DataAnnotations_RangeOnly_WanqingRequestBodyInvalidWithParam()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/annotated", """{"name":"a","item_count":50}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("The field item_count must be between 1 and 10.", error.GetProperty("message").GetString());
        Assert.Equal("item_count", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task DataAnnotations_RequiredAndRange_ProblemDetailsErrorsDictionary()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/annotated", """{"item_count":50}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        var errors = body.GetProperty("errors");
        Assert.Equal("The name field is required.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("The field item_count must be between 1 and 10.", errors.GetProperty("item_count")[0].GetString());
    }

    [Fact]
    public async Task DataAnnotations_PlainController_RejectedBeforeActionRuns()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/plain/annotated", """{"item_count":2}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: The name field is required.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Order_DataAnnotationsAndFluentValidationFail_BothReportedDataAnnotationsFirst()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act: the body misses "name" (DataAnnotations), the query misses TopP (FluentValidation).
        var response = await app.Client.PostJsonAsync("/validation-tests/order/combined", """{"item_count":2}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal(["name", "topP"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Order_LocalizedBindingMessages_StillClassifiedAsBinding()
    {
        // Arrange: the application replaces the framework's (English) binding message.
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.BusinessCode,
            mvc => mvc.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
                o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((value, name) => $"Valeur '{value}' invalide pour {name}.")));

        // Act
        var response = await app.Client.GetAsync("/validation-tests/api/items?count=abc");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'count' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task DataAnnotations_RequiredWithApplicationMessage_WanqingStillMissingRequiredParameter()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/localized-required", "{}");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal("name", error.GetProperty("param").GetString());
        Assert.Equal("The name parameter is required.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DataAnnotations_RequiredWithApplicationMessage_BusinessCodeKeepsApplicationMessage()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/localized-required", "{}");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: Bitte name angeben.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task ValidationException_ThrownByAction_FieldAndMessageUseJsonPropertyName()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.ProblemDetails);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/thrown", """{"name":"a","item_count":2}""");

        // Assert
        var body = await ErrorAssert.ProblemAsync(response, 400, 100002);
        Assert.Equal(["item_count"], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal("'item_count' must be greater than '5'.", body.GetProperty("errors").GetProperty("item_count")[0].GetString());
    }

    [Fact]
    public async Task ValidationException_ThrownByAction_WanqingRequestBodyInvalidWithParam()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/thrown", """{"name":"a","item_count":2}""");

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.RequestBodyInvalid");
        Assert.Equal("item_count", error.GetProperty("param").GetString());
        Assert.Equal("'item_count' must be greater than '5'.", error.GetProperty("message").GetString());
    }
}
