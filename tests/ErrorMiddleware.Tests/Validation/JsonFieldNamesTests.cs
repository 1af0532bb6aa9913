using System.Text.Json;
using ErrorMiddleware.Tests.Endpoints;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Unit tests of the CLR path → client JSON path conversion.</summary>
public sealed class JsonFieldNamesTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    [Theory]
    [InlineData("Prompt", "prompt")]
    [InlineData("MaxTokens", "max_tokens")]
    [InlineData("Messages[2].Role", "messages[2].role")]
    [InlineData("$.max_tokens", "max_tokens")]
    [InlineData("", "")]
    public void Resolve_ClrPathOnBodyType_ClientJsonPath(string clrPath, string expected)
    {
        // Arrange, Act
        var resolved = JsonFieldNames.Resolve(clrPath, typeof(CreateTaskRequest), s_web);

        // Assert
        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void Resolve_PolicyCasedNameOfRenamedMember_JsonPropertyName()
    {
        // Arrange, Act: .NET's built-in validation reports "count" for a member renamed "item_count".
        var resolved = JsonFieldNames.Resolve("count", typeof(BuiltInValidatedRequest), s_web);

        // Assert
        Assert.Equal("item_count", resolved);
    }

    [Fact]
    public void Resolve_UnknownMember_NamingPolicy()
    {
        // Arrange
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = s_web.TypeInfoResolver };

        // Act
        var resolved = JsonFieldNames.Resolve("Other.TopP", typeof(CreateTaskRequest), snake);

        // Assert
        Assert.Equal("other.top_p", resolved);
    }
}
