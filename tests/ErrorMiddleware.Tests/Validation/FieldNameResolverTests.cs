using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ErrorMiddleware.Tests.Endpoints;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>Unit tests of the one field-name resolver: paths, naming policy, [JsonPropertyName], the echo cap.</summary>
public sealed class FieldNameResolverTests
{
    private static readonly JsonSerializerOptions s_web = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Theory]
    [InlineData("Prompt", "prompt")]
    [InlineData("MaxTokens", "max_tokens")]
    [InlineData("Messages[2].Role", "messages[2].role")]
    [InlineData("$.max_tokens", "max_tokens")]
    [InlineData("$['odd name'].x", "odd name.x")]
    [InlineData("$", "")]
    [InlineData("", "")]
    public void Resolve_PathOnBodyType_ClientJsonPath(string path, string expected)
    {
        // Arrange
        var names = FieldNameResolver.ForModel(typeof(CreateTaskRequest), s_web);

        // Act
        var resolved = names.Resolve(path);

        // Assert
        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void Resolve_PolicyCasedNameOfRenamedMember_JsonPropertyName()
    {
        // Arrange: .NET's built-in validation reports "count" for a member renamed "item_count".
        var names = FieldNameResolver.ForModel(typeof(BuiltInValidatedRequest), s_web);

        // Act
        var resolved = names.Resolve("count");

        // Assert
        Assert.Equal("item_count", resolved);
    }

    [Fact]
    public void Resolve_UnknownMember_NamingPolicy()
    {
        // Arrange
        var snake = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = s_web.TypeInfoResolver };
        var names = FieldNameResolver.ForModel(typeof(CreateTaskRequest), snake);

        // Act
        var resolved = names.Resolve("Other.TopP");

        // Assert
        Assert.Equal("other.top_p", resolved);
    }

    [Fact]
    public void Resolve_NoOptions_CamelCase()
    {
        // Arrange
        var names = FieldNameResolver.For((Microsoft.AspNetCore.Http.HttpContext?)null);

        // Act
        var resolved = names.Resolve("Messages[0].Role");

        // Assert
        Assert.Equal("messages[0].role", resolved);
    }

    [Fact]
    public void Resolve_LongClientName_CutAt256AndMarked()
    {
        // Arrange
        var names = FieldNameResolver.ForModel(typeof(CreateTaskRequest), s_web);

        // Act
        var resolved = names.Resolve("$." + new string('a', 100_000));

        // Assert
        Assert.Equal(new string('a', 256) + "...(truncated)", resolved);
    }

    [Fact]
    public void Cap_AppliedTwice_SameResult()
    {
        // Arrange
        var once = FieldNameResolver.Cap(new string('b', 1_000));

        // Act
        var twice = FieldNameResolver.Cap(once);

        // Assert
        Assert.Equal(once, twice);
        Assert.Equal(256 + "...(truncated)".Length, once.Length);
    }

    [Fact]
    public void Cap_CutWouldSplitSurrogatePair_CutsBeforeIt()
    {
        // Arrange: 255 letters, then an emoji (two UTF-16 units) straddling the limit.
        var text = new string('c', 255) + "\U0001F600" + new string('c', 10);

        // Act
        var capped = FieldNameResolver.Cap(text);

        // Assert
        Assert.Equal(new string('c', 255) + "...(truncated)", capped);
    }

    [Fact]
    public void FieldError_LongFieldAndMessage_Capped()
    {
        // Arrange, Act
        var error = new FieldError(new string('f', 300), new string('m', 2_000));

        // Assert
        Assert.Equal(new string('f', 256) + "...(truncated)", error.Field);
        Assert.Equal(new string('m', 1_024) + "...(truncated)", error.Message);
    }
}
