using System.Text;
using System.Text.Json;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>
/// Runs every row of <see cref="HostileCorpus"/> in every dialect over Kestrel on 127.0.0.1, with raw socket writes,
/// and checks the documented status and code, the dialect's JSON shape, that nothing from the request is echoed
/// unescaped or uncapped, that keys are masked, and that the next request on a fresh connection is served.
/// </summary>
public sealed class HostileCorpusTests(HostileApp fixture) : IClassFixture<HostileApp>
{
    private const int MaxBodyBytes = 4096;
    private const int MaxStringLength = 600;
    private const int MaxEchoLength = 256;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    public static TheoryData<string, ErrorDialect> Rows()
    {
        var data = new TheoryData<string, ErrorDialect>();
        foreach (var row in HostileCorpus.All)
        {
            foreach (var dialect in ExpectedError.Dialects)
            {
                data.Add(row.Id, dialect);
            }
        }

        return data;
    }

    [Fact]
    public void Corpus_RowIds_AreUnique()
    {
        // Act
        var duplicates = HostileCorpus.All.GroupBy(row => row.Id).Where(group => group.Count() > 1).Select(group => group.Key).ToList();

        // Assert
        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task HostileRequest_AnyDialect_AnsweredAsDocumentedAndServerStaysUp(string id, ErrorDialect dialect)
    {
        // Arrange
        var row = HostileCorpus.All.Single(candidate => candidate.Id == id);
        var request = row.Request(HostileApp.Prefix(dialect));
        var answeredIn = row.DefaultDialect ? ErrorDialect.BusinessCode : dialect;

        // Act
        var response = await RawHttp.SendAsync(fixture.Port, request, s_timeout);
        var next = await RawHttp.SendAsync(fixture.Port, HostileRequest.Build("GET", "/health"), s_timeout);

        // Assert
        var context = $"{id} [{dialect}] -> {response.Status}: {Preview(response)}";
        Assert.True(row.Expected.StatusIn(answeredIn) == response.Status, $"Expected {row.Expected.StatusIn(answeredIn)}. {context}");
        switch (row.Expected.Outcome)
        {
            case HostileOutcome.Enveloped:
                AssertEnvelope(row, answeredIn, response, context);
                break;
            case HostileOutcome.ServerOwnRejection:
                // Kestrel's own rejection, not enveloped: written before any middleware runs (not promised).
                Assert.Null(response.Header("X-Request-Id"));
                break;
        }

        AssertNoEcho(row, response, context);
        Assert.Equal(200, next.Status);
        Assert.Equal("ok", next.Text);
    }

    private static void AssertEnvelope(HostileCase row, ErrorDialect dialect, RawResponse response, string context)
    {
        var mediaType = dialect == ErrorDialect.ProblemDetails ? "application/problem+json" : "application/json";
        Assert.StartsWith(mediaType, response.Header("Content-Type") ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Header("Cache-Control") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        var requestId = response.Header("X-Request-Id");
        Assert.False(string.IsNullOrEmpty(requestId), context);
        Assert.True(response.Body.Length < MaxBodyBytes, $"{response.Body.Length} bytes. {context}");
        Assert.DoesNotContain(response.Body, b => b < 0x20 || b == (byte)'<' || b == (byte)'>');

        using var document = JsonDocument.Parse(response.Body);
        var body = document.RootElement;
        var expected = row.Expected;
        switch (dialect)
        {
            case ErrorDialect.BusinessCode:
                Assert.Equal(expected.BusinessCode, body.GetProperty("code").GetInt32());
                Assert.Equal(JsonValueKind.String, body.GetProperty("msg").ValueKind);
                Assert.Equal(requestId, body.GetProperty("request_id").GetString());
                break;
            case ErrorDialect.Wanqing:
                var error = body.GetProperty("error");
                Assert.True(expected.WanqingCode == error.GetProperty("code").GetString(), context);
                Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
                Assert.Equal(requestId, body.GetProperty("request_id").GetString());
                break;
            default:
                Assert.Equal(expected.BusinessStatus, body.GetProperty("status").GetInt32());
                Assert.Equal(expected.BusinessCode, body.GetProperty("code").GetInt32());
                Assert.Equal(JsonValueKind.String, body.GetProperty("title").ValueKind);
                Assert.Equal(JsonValueKind.String, body.GetProperty("detail").ValueKind);
                break;
        }

        foreach (var value in Strings(body))
        {
            Assert.True(value.Length <= MaxStringLength, $"A {value.Length}-character string. {context}");

            // The corpus's long inputs are runs of one character: an echoed one is capped at 256 and marked as cut.
            var run = LongestRun(value);
            Assert.True(run <= MaxEchoLength, $"A {run}-character echo. {context}");
            Assert.True(run < 200 || value.Contains("...(truncated)", StringComparison.Ordinal), $"A {run}-character echo without the marker. {context}");
        }

        if (row.ClientRequestId is { } clientId)
        {
            Assert.NotEqual(clientId, requestId);
        }
    }

    private static void AssertNoEcho(HostileCase row, RawResponse response, string context)
    {
        if (row.Secret is { } secret)
        {
            Assert.False(response.Text.Contains(secret, StringComparison.Ordinal), $"Secret echoed. {context}");
            Assert.DoesNotContain(response.Headers.Values, value => value.Contains(secret, StringComparison.Ordinal));
        }

        if (row.ClientRequestId is { } clientId)
        {
            Assert.False(response.Text.Contains(clientId, StringComparison.Ordinal), $"Client request id echoed. {context}");
        }

        Assert.False(response.Headers.ContainsKey("X-Injected"), context);
    }

    private static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var value in Strings(property.Value))
                    {
                        yield return value;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var value in Strings(item))
                    {
                        yield return value;
                    }
                }

                break;
        }
    }

    private static int LongestRun(string value)
    {
        var longest = 0;
        var current = 0;
        for (var i = 0; i < value.Length; i++)
        {
            current = i > 0 && value[i] == value[i - 1] ? current + 1 : 1;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static string Preview(RawResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Body.Length, 600));
        return response.Body.Length > 600 ? text + $"...({response.Body.Length} bytes)" : text;
    }
}
