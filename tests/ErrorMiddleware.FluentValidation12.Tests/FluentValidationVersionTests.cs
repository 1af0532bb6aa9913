namespace ErrorMiddleware.Tests;

/// <summary>This project exists to run the validation tests on FluentValidation 12; this pins that it does.</summary>
public sealed class FluentValidationVersionTests
{
    [Fact]
    public void FluentValidation_Loaded_IsMajorVersion12()
    {
        // Act
        var version = typeof(FluentValidation.AbstractValidator<>).Assembly.GetName().Version!;

        // Assert
        Assert.Equal(12, version.Major);
    }
}
