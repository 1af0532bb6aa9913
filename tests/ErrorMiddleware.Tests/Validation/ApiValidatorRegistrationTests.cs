using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>The explicit validator-registration helper.</summary>
public sealed class ApiValidatorRegistrationTests
{
    [Fact]
    public void AddApiValidatorsFromAssemblyContaining_TestAssembly_RegistersScopedClosedValidators()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddApiValidatorsFromAssemblyContaining<CreateTaskRequestValidator>();

        // Assert
        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IValidator<CreateTaskRequest>));
        Assert.Equal(ServiceLifetime.Scoped, descriptor.Lifetime);
        Assert.Equal(typeof(CreateTaskRequestValidator), descriptor.ImplementationType);
        Assert.Contains(services, d => d.ServiceType == typeof(IValidator<StrictRequest>));
        Assert.DoesNotContain(services, d => d.ImplementationType is { IsAbstract: true } || d.ImplementationType?.ContainsGenericParameters == true);
    }

    [Fact]
    public void AddApiValidatorsFromAssembly_CalledTwice_RegistersOnce()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddApiValidatorsFromAssembly(typeof(CreateTaskRequestValidator).Assembly);
        services.AddApiValidatorsFromAssembly(typeof(CreateTaskRequestValidator).Assembly);

        // Assert
        Assert.Single(services, d => d.ServiceType == typeof(IValidator<CreateTaskRequest>));
    }

    [Fact]
    public void AddApiValidatorsFromAssembly_ResolvedInScope_ValidatesAsync()
    {
        // Arrange
        var services = new ServiceCollection().AddApiValidatorsFromAssemblyContaining<CreateTaskRequestValidator>();
        using var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        // Act
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<CreateTaskRequest>>();

        // Assert
        Assert.IsType<CreateTaskRequestValidator>(validator);
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IValidator<CreateTaskRequest>>());
    }

    [Fact]
    public void AddApiValidatorsFromAssembly_NullArguments_Throw()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act, Assert
        Assert.Throws<ArgumentNullException>(() => ApiValidatorServiceCollectionExtensions.AddApiValidatorsFromAssembly(null!, typeof(CreateTaskRequest).Assembly));
        Assert.Throws<ArgumentNullException>(() => services.AddApiValidatorsFromAssembly(null!));
    }

    [Fact]
    public void WithApiValidation_NullBuilder_Throws()
    {
        // Act, Assert
        Assert.Throws<ArgumentNullException>(() => ApiValidationEndpointConventionBuilderExtensions.WithApiValidation<Microsoft.AspNetCore.Builder.RouteHandlerBuilder>(null!));
    }
}
