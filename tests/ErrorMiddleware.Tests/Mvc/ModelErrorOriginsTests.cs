using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Mvc;

/// <summary>
/// Binding vs validation is recorded per request (<c>ModelErrorOrigins</c>); each test names the ASP.NET Core
/// behaviour it relies on, so that a framework upgrade that changes it fails here first.
/// </summary>
public sealed class ModelErrorOriginsTests
{
    [Fact]
    public void AspNetCoreMvc_IsVersion10_RecheckTheseBehavioursOnUpgrade()
    {
        // Arrange, Act
        var version = typeof(ParameterBinder).Assembly.GetName().Version!;

        // Assert
        Assert.Equal(10, version.Major);
    }

    [Theory]
    [InlineData("ParameterBinder adds a parameter's [BindRequired] error after its binder returned", "bind-required", "page")]
    [InlineData("ComplexObjectModelBinder adds a property's [BindRequired] error inside BindModelAsync", "bind-required-property", "size")]
    public async Task BindRequiredValueAbsent_WanqingMissingRequiredParameter(string pinnedBehaviour, string route, string param)
    {
        // Arrange
        _ = pinnedBehaviour; // Named in the test's display name: the framework behaviour this case pins.
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.Wanqing);

        // Act
        var response = await app.Client.GetAsync("/origins-tests/" + route);

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 400, "InvalidArgument.MissingRequiredParameter");
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task SimpleTypeModelBinderAddsConversionErrorInsideBindModelAsync_BusinessCode100001()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.GetAsync("/origins-tests/bind-required?page=many");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100001);
        Assert.Equal("Request parameter binding failed: 'page' has an invalid value or type.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task ModelStateAddModelErrorInAction_NotRecorded_BusinessCode100002WithApplicationMessage()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/origins-tests/app-error", """{"name":"a"}""");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: That name is taken.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task BodyModelBinderAddsPlainMessageWhenFormatterReadsNoValue_JsonNullBody400005()
    {
        // Arrange
        await using var app = await MvcValidationApp.StartAsync(ErrorDialect.BusinessCode);

        // Act
        var response = await app.Client.PostJsonAsync("/validation-tests/api/tasks", "null");

        // Assert
        await ErrorAssert.BusinessAsync(response, 400, 400005);
    }

    [Fact]
    public async Task ConstantLocalizedBindingMessage_ApplicationAddsSameTextLater_Validation100002()
    {
        // Arrange: the application's message provider returns one constant (interned) string for every conversion
        // failure, and one action adds that very text itself. A table of message instances would now call the
        // application's own error a binding error; per-request records do not.
        await using var app = await MvcValidationApp.StartAsync(
            ErrorDialect.BusinessCode,
            mvc => mvc.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
                o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, _) => OriginsTestController.Invalid)));
        var binding = await app.Client.GetAsync("/validation-tests/api/items?count=abc");

        // Act
        var response = await app.Client.PostJsonAsync("/origins-tests/app-error-constant", """{"name":"a"}""");

        // Assert
        await ErrorAssert.BusinessAsync(binding, 400, 100001);
        var body = await ErrorAssert.BusinessAsync(response, 400, 100002);
        Assert.Equal("Parameter validation failed: Ungültig.", body.GetProperty("msg").GetString());
    }
}
