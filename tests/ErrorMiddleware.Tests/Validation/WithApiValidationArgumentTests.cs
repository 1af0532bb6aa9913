using Microsoft.AspNetCore.Builder;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Argument checks of <c>WithApiValidation()</c>.</summary>
public sealed class WithApiValidationArgumentTests
{
    [Fact]
    public void WithApiValidation_NullBuilder_Throws()
    {
        // Act, Assert
        Assert.Throws<ArgumentNullException>(() => ApiValidationEndpointConventionBuilderExtensions.WithApiValidation<RouteHandlerBuilder>(null!));
    }
}
