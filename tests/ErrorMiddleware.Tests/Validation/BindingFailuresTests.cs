using System.Text.Json;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Pins the System.Text.Json behaviour that tells "not JSON" from "JSON of the wrong shape".</summary>
public sealed class BindingFailuresTests
{
    [Fact]
    public void SystemTextJson_SyntaxErrorWrapsReaderException_ShapeErrorDoesNot()
    {
        // Arrange, Act
        var syntax = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreateTaskRequest>("{bad"));
        var shape = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreateTaskRequest>("[]"));
        var trailing = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreateTaskRequest>("{} x"));

        // Assert
        Assert.True(BindingFailures.IsSyntaxError(syntax));
        Assert.True(BindingFailures.IsSyntaxError(trailing));
        Assert.False(BindingFailures.IsSyntaxError(shape));
    }
}
