using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// The sample's README table (<c>samples/SampleApi/README.md</c>) cannot go stale: every row's curl runs against the
/// sample (a fresh instance per row, on Kestrel at 127.0.0.1, configured as the row's <c>env</c> says) and must answer
/// exactly as the row says; every code of <see cref="ErrorCodes.All"/> must have a row.
/// </summary>
public sealed class ReadmeTableTests
{
    private static readonly Dictionary<ErrorCode, string> s_catalogNames = CatalogNames();

    public static TheoryData<int, string> RunnableRows()
    {
        var data = new TheoryData<int, string>();
        foreach (var row in SampleTable.Rows.Where(row => !row.IsInformational))
        {
            data.Add(row.Index, row.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunnableRows))]
    public async Task ReadmeRow_CurlAgainstSample_AnswersAsTheRowSays(int index, string description)
    {
        // Arrange
        var row = SampleTable.Rows.Single(r => r.Index == index);
        var catalogRow = CatalogRow(row.Row);
        Assert.True(catalogRow.Code == row.Code && catalogRow.StatusCode == row.Status, $"{description}: the row names {row.Row} ({catalogRow}) but shows {row.Status} {row.Code}.");
        Assert.Equal(row.Dialect == ErrorDialect.Wanqing ? ErrorDialect.Wanqing : ErrorDialect.BusinessCode, catalogRow.Dialect);
        var commands = CurlCommand.ParseChain(row.Curl!);
        using var expected = JsonDocument.Parse(SampleTable.Unquote(row.Response));
        await using var factory = new SampleFactory(row.Settings);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        // Act
        HttpResponseMessage? response = null;
        string body = string.Empty;
        foreach (var command in commands)
        {
            response?.Dispose();
            using var request = command.ToRequest();
            response = await client.SendAsync(request);
            body = await response.Content.ReadAsStringAsync();
        }

        // Assert
        using (response)
        {
            Assert.True(row.Status == (int)response!.StatusCode, $"{description}: expected HTTP {row.Status}, got {(int)response.StatusCode}: {body}");
            var mediaType = row.Dialect == ErrorDialect.ProblemDetails ? "application/problem+json" : "application/json";
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            using var actual = JsonDocument.Parse(body);
            Assert.Equal(row.Code, CodeOf(actual.RootElement, row.Dialect));
            AssertContains(expected.RootElement, actual.RootElement, "$", body);
            if (row.Status >= 400)
            {
                Assert.True(response.Headers.Contains("X-Request-Id"), $"{description}: X-Request-Id header missing.");
                Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ReadmeTable_EveryCatalogCode_HasARow()
    {
        // Arrange
        var named = SampleTable.Rows.Select(row => row.Row).ToHashSet(StringComparer.Ordinal);

        // Act
        var missing = ErrorCodes.All.Select(code => s_catalogNames[code]).Where(name => !named.Contains(name)).ToList();

        // Assert
        Assert.True(missing.Count == 0, SampleTable.ReadmePath + "'s table has no row for: " + string.Join(", ", missing));
    }

    [Fact]
    public void ReadmeTable_InformationalRows_AreExactlyTheRowsNeverWritten()
    {
        // Arrange
        var neverWritten = ErrorCodes.All.Where(code => code.Kind is ErrorKind.ClientClosedRequest or ErrorKind.ConnectionInterrupted)
            .Select(code => s_catalogNames[code]).Order(StringComparer.Ordinal).ToList();

        // Act
        var informational = SampleTable.Rows.Where(row => row.IsInformational).ToList();

        // Assert
        Assert.Equal(neverWritten, informational.Select(row => row.Row).Order(StringComparer.Ordinal));
        Assert.All(informational, row =>
        {
            var code = CatalogRow(row.Row);
            Assert.Equal((code.StatusCode, code.Code), (row.Status, row.Code));
            Assert.Equal(SampleTable.InformationalResponse, row.Response);
        });
    }

    [Fact]
    public void ReadmeTable_BothDialectsAndProblemDetails_AreShown()
    {
        // Arrange, Act
        var dialects = SampleTable.Rows.Where(row => !row.IsInformational).GroupBy(row => row.Dialect).ToDictionary(g => g.Key, g => g.ToList());

        // Assert: ProblemDetails both by Accept header and by configuration; Wanqing rows are /v1 unless the dialect is switched.
        Assert.Contains(dialects[ErrorDialect.ProblemDetails], row => row.Settings.Count == 0 && row.Curl!.Contains("Accept: application/problem+json", StringComparison.Ordinal));
        Assert.Contains(dialects[ErrorDialect.ProblemDetails], row => row.Settings.TryGetValue("ApiErrors:Dialect", out var d) && d == "ProblemDetails");
        Assert.All(dialects[ErrorDialect.Wanqing], row => Assert.True(
            row.Settings.TryGetValue("ApiErrors:Dialect", out var d) ? d == "Wanqing" : CurlCommand.ParseChain(row.Curl!)[^1].PathAndQuery.StartsWith("/v1/", StringComparison.Ordinal),
            $"{row}: a Wanqing row runs under /v1 or with the dialect switched."));
        Assert.All(dialects[ErrorDialect.BusinessCode], row => Assert.StartsWith("/api/", CurlCommand.ParseChain(row.Curl!)[^1].PathAndQuery, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curl -s localhost:5080/x -k")]
    [InlineData("curl -s localhost:5080/x | jq")]
    [InlineData("curl -s localhost:5080/x & curl -s localhost:5080/y")]
    [InlineData("curl -s example.com/x")]
    [InlineData("curl -s localhost:5080/x -d @README.md")]
    public void CurlCommand_UnsupportedSyntax_Throws(string commandLine)
    {
        // Act, Assert
        Assert.Throws<InvalidOperationException>(() => CurlCommand.ParseChain(commandLine));
    }

    [Fact]
    public void CurlCommand_CurlDefaults_AreKept()
    {
        // Act
        var commands = CurlCommand.ParseChain("curl -s -o /dev/null 'localhost:5080/a?b=1' -d 'x y' && curl -s -X PUT localhost:5080/c -H 'X-Api-Key: k'");

        // Assert
        Assert.Equal(2, commands.Count);
        Assert.Equal((HttpMethod.Post, "/a?b=1", true), (commands[0].Method, commands[0].PathAndQuery, commands[0].DiscardsOutput));
        Assert.Equal("x y", Encoding.UTF8.GetString(commands[0].Body!));
        Assert.Contains(new KeyValuePair<string, string>("Content-Type", "application/x-www-form-urlencoded"), commands[0].Headers);
        Assert.Equal((HttpMethod.Put, "/c"), (commands[1].Method, commands[1].PathAndQuery));
        Assert.Equal([new KeyValuePair<string, string>("X-Api-Key", "k")], commands[1].Headers);
    }

    /// <summary>Every property the README shows is in the response with that value (arrays element by element).</summary>
    private static void AssertContains(JsonElement expected, JsonElement actual, string path, string body)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind} {expected}, got {actual.ValueKind} {actual} in {body}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expected.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(property.Name, out var value), $"{path}.{property.Name} is missing from {body}");
                    AssertContains(property.Value, value, path + "." + property.Name, body);
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: expected {expected.GetArrayLength()} items in {body}");
                foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    AssertContains(e, a, path + "[]", body);
                }

                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText() || JsonEquals(expected, actual), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()} in {body}");
                break;
        }
    }

    private static bool JsonEquals(JsonElement expected, JsonElement actual) =>
        expected.ValueKind == JsonValueKind.String && expected.GetString() == actual.GetString();

    private static string? CodeOf(JsonElement body, ErrorDialect dialect) => dialect == ErrorDialect.Wanqing
        ? body.GetProperty("error").GetProperty("code").GetString()
        : body.GetProperty("code").GetRawText();

    private static ErrorCode CatalogRow(string name)
    {
        var match = s_catalogNames.Where(pair => pair.Value == name).Select(pair => pair.Key).ToList();
        Assert.True(match.Count == 1, $"'{name}' names no row of ErrorCodes (expected Business.X or Wanqing.X).");
        return match[0];
    }

    private static Dictionary<ErrorCode, string> CatalogNames()
    {
        var names = new Dictionary<ErrorCode, string>(ReferenceEqualityComparer.Instance);
        foreach (var type in new[] { typeof(ErrorCodes.Business), typeof(ErrorCodes.Wanqing) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ErrorCode)))
            {
                names[(ErrorCode)field.GetValue(null)!] = type.Name + "." + field.Name;
            }
        }

        Assert.All(ErrorCodes.All, code => Assert.True(names.ContainsKey(code), $"{code} is in ErrorCodes.All but is no public field."));
        return names;
    }

    /// <summary>The sample as <c>dotnet run</c> starts it, in Production, plus the row's configuration.</summary>
    private sealed class SampleFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.ClearProviders());
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
