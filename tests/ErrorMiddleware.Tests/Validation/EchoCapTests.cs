using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>A client-made name is echoed at most 256 characters long, marked as cut, from MVC and minimal APIs.</summary>
public sealed class EchoCapTests
{
    private static readonly string s_longName = new('n', 100_000);

    public static TheoryData<string, string> Bodies => new()
    {
        // Malformed: the value after the unknown 100,000-character property does not parse.
        { "malformed", "{\"" + s_longName + "\": tru" },

        // Well-formed, wrong type under a 100,000-character dictionary key.
        { "dictionary", "{\"weights\":{\"" + s_longName + "\":\"heavy\"}}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task LongPropertyName_MvcAndMinimal_EchoedCappedAndMarked(string kind, string body)
    {
        // Arrange
        await using var app = await FieldNamingParityTests.StartAsync("camel");

        foreach (var url in new[] { "/naming-tests/mvc", "/naming-tests/minimal" })
        {
            // Act
            var response = await app.Client.PostJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();

            // Assert
            Assert.True(text.Length < 2_000, $"{kind} {url}: {text.Length} characters");
            Assert.Equal(400, response.Status());
            var json = JsonDocument.Parse(text).RootElement;
            Assert.Equal(100001, json.GetProperty("code").GetInt32());
            var field = Assert.Single(json.GetProperty("data").GetProperty("errors").EnumerateArray()).GetProperty("field").GetString()!;
            Assert.EndsWith(new string('n', 10) + "...(truncated)", field, StringComparison.Ordinal);
        }
    }
}
