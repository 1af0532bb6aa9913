using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Unit tests of the <c>WithApiValidation()</c> filter factory.</summary>
public sealed class ApiValidationEndpointFilterTests
{
    [Fact]
    public async Task Invocation_ResolvesOnlyTheValidatorPerRequest()
    {
        // Arrange
        await using var services = new ServiceCollection().AddLogging().AddApiErrors()
            .AddScoped<IValidator<CreateTaskRequest>, CreateTaskRequestValidator>().BuildServiceProvider();
        var factoryContext = new EndpointFilterFactoryContext
        {
            MethodInfo = typeof(ApiValidationEndpointFilterTests).GetMethod(nameof(Handler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!,
            ApplicationServices = services,
        };
        var filter = ApiValidationEndpointFilter.Create(factoryContext, static _ => ValueTask.FromResult<object?>("ran"));
        var httpContext = new DefaultHttpContext { RequestServices = new ValidatorOnlyServiceProvider() };
        var invalid = new DefaultEndpointFilterInvocationContext(httpContext, new CreateTaskRequest { Prompt = string.Empty });
        var valid = new DefaultEndpointFilterInvocationContext(httpContext, new CreateTaskRequest { Prompt = "hello" });

        // Act
        var rejected = await filter(invalid);
        var ran = await filter(valid);

        // Assert
        Assert.IsType<ApiErrorHttpResult>(rejected);
        Assert.Equal("ran", ran);
    }

    private static string Handler(CreateTaskRequest request) => request.Prompt ?? string.Empty;

    private sealed class ValidatorOnlyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IValidator<CreateTaskRequest>)
            ? new CreateTaskRequestValidator()
            : throw new InvalidOperationException("Resolved " + serviceType + " per request.");
    }
}
