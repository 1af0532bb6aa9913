using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using FluentValidation.Results;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Unit tests of FluentValidation failures → field errors (names, messages, "missing").</summary>
public sealed class FluentValidationFailuresTests
{
    private static readonly JsonSerializerOptions s_snakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly FieldNameResolver s_camelCase = FieldNameResolver.ForModel(null, null);

    private sealed class Order
    {
        public string? CustomerName { get; set; }

        public int Quantity { get; set; }
    }

    [Fact]
    public void From_DefaultMessage_DisplayNameReplacedByJsonPath()
    {
        // Arrange
        var validator = new InlineValidator<Order>();
        validator.RuleFor(o => o.CustomerName).NotEmpty();
        var failures = validator.Validate(new Order()).Errors;

        // Act
        var field = Assert.Single(FluentValidationFailures.From(failures, FieldNameResolver.ForModel(typeof(Order), s_snakeCase)));

        // Assert
        Assert.Equal("customer_name", field.Field);
        Assert.Equal("'customer_name' must not be empty.", field.Message);
        Assert.True(field.IsMissing);
        Assert.Equal("NotEmptyValidator", field.Code);
    }

    [Fact]
    public void From_WithNameChosenByApplication_MessageKept()
    {
        // Arrange
        var validator = new InlineValidator<Order>();
        validator.RuleFor(o => o.Quantity).GreaterThan(0).WithName("Anzahl");
        var failures = validator.Validate(new Order()).Errors;

        // Act
        var field = Assert.Single(FluentValidationFailures.From(failures, s_camelCase));

        // Assert
        Assert.Equal("quantity", field.Field);
        Assert.Equal("'Anzahl' must be greater than '0'.", field.Message);
        Assert.False(field.IsMissing);
    }

    [Fact]
    public void From_UnquotedPlaceholderInCustomMessage_WholeWordReplaced()
    {
        // Arrange
        var validator = new InlineValidator<Order>();
        validator.RuleFor(o => o.Quantity).GreaterThan(0).WithMessage("{PropertyName} needs Quantity_Units and Quantity.");
        var failures = validator.Validate(new Order()).Errors;

        // Act
        var field = Assert.Single(FluentValidationFailures.From(failures, s_camelCase));

        // Assert
        Assert.Equal("quantity needs Quantity_Units and quantity.", field.Message);
    }

    [Fact]
    public void From_WarningSeverity_Skipped()
    {
        // Arrange
        var failures = new[] { new ValidationFailure("Quantity", "low") { Severity = Severity.Warning } };

        // Act
        var fields = FluentValidationFailures.From(failures, s_camelCase);

        // Assert
        Assert.Empty(fields);
    }

    [Fact]
    public void From_MessageEchoesLongValue_ValueCapped()
    {
        // Arrange
        var validator = new InlineValidator<Order>();
        validator.RuleFor(o => o.CustomerName).Must(_ => false).WithMessage("'{PropertyValue}' is not a customer.");
        var failures = validator.Validate(new Order { CustomerName = new string('x', 5_000) }).Errors;

        // Act
        var field = Assert.Single(FluentValidationFailures.From(failures, s_camelCase));

        // Assert
        Assert.Equal("'" + new string('x', 256) + "...(truncated)' is not a customer.", field.Message);
    }
}
