using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Dialects;

/// <summary>
/// Every catalog row, thrown as an <see cref="ApiException"/>, written in every dialect, compared with the golden
/// files in Dialects/Golden (status, headers, body). Set ERRORMIDDLEWARE_UPDATE_GOLDEN=1 to rewrite them, then
/// review the diff.
/// </summary>
public sealed class GoldenTests : IAsyncLifetime
{
    private static readonly string[] s_headers = ["Content-Type", "Cache-Control", "Retry-After", "x-should-retry"];
    private TestAppHandle _app = null!;

    public static IEnumerable<(string Name, ApiException Exception)> Cases()
    {
        var index = 0;
        foreach (var row in ErrorCodes.All)
        {
            index++;
            if (row.StatusCode >= 400)
            {
                yield return ($"{index:00} {row.Dialect} {row.Code}", new ApiException(row));
            }
        }

        yield return ("validation: a required field and a rule", new ValidationFailedException(
        [
            new FieldError("prompt", "'prompt' must not be empty.", "NotEmptyValidator", isMissing: true),
            new FieldError("messages[0].role", "'messages[0].role' must be one of system, user, assistant.", "PredicateValidator"),
        ]));
        yield return ("validation: a rule only", new ValidationFailedException("n", "'n' must be between 1 and 4."));
        yield return ("specific message, escaped", new ResourceNotFoundException("Task \"<script>\" was not found."));
        yield return ("details", new QuotaExceededException { Details = new Dictionary<string, object?> { ["balance"] = 0, ["required"] = 12.5, ["plan"] = "free" } });
        yield return ("rate limited with retry-after", new RateLimitExceededException(TimeSpan.FromSeconds(90)));
        yield return ("custom business code", new ApiException(ErrorCode.Business(402101, "Plan expired")));
        yield return ("custom wanqing code", new ApiException(ErrorCode.WanqingCode("InvalidArgument.ModelNotFound", 404, "The model does not exist.")));
        yield return ("placeholder filled from details", new ApiException(ErrorCodes.Wanqing.CustomerFrozen) { Details = new Dictionary<string, object?> { ["CustomerId"] = "c-42", ["Action"] = "ChatCompletions" } });
    }

    public async Task InitializeAsync()
    {
        var cases = Cases().ToList();
        _app = await TestApp.StartAsync(app =>
        {
            app.MapGet("/{dialect}/{index:int}", (int index) => { throw cases[index].Exception; });
            app.MapGroup("/Wanqing").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/{index:int}", (int index) => { throw cases[index].Exception; });
            app.MapGroup("/ProblemDetails").WithErrorDialect(ErrorDialect.ProblemDetails).MapGet("/{index:int}", (int index) => { throw cases[index].Exception; });
        });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(ErrorDialect.BusinessCode)]
    [InlineData(ErrorDialect.Wanqing)]
    [InlineData(ErrorDialect.ProblemDetails)]
    public async Task EveryCatalogRow_InEveryDialect_MatchesTheGoldenFile(ErrorDialect dialect)
    {
        // Arrange
        var cases = Cases().ToList();
        var actual = new JsonObject();

        // Act
        for (var i = 0; i < cases.Count; i++)
        {
            using var response = await _app.Client.GetAsync($"/{dialect}/{i}");
            actual[cases[i].Name] = await Describe(response);
        }

        // Assert
        var path = RepoPaths.Combine("tests", "ErrorMiddleware.Tests", "Dialects", "Golden", dialect + ".json");
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        if (Environment.GetEnvironmentVariable("ERRORMIDDLEWARE_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, actual.ToJsonString(options) + "\n");
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var mismatches = new List<string>();
        foreach (var (name, value) in actual)
        {
            if (!expected.TryGetPropertyValue(name, out var golden) || !JsonNode.DeepEquals(golden, value))
            {
                mismatches.Add($"{name}:\n  expected {golden?.ToJsonString() ?? "(missing)"}\n  actual   {value!.ToJsonString()}");
            }
        }

        mismatches.AddRange(expected.Select(p => p.Key).Where(k => !actual.ContainsKey(k)).Select(k => k + ": in the golden file but no longer produced"));
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private static async Task<JsonObject> Describe(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var name in s_headers)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                headers[name] = string.Join(", ", values);
            }
        }

        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        foreach (var key in new[] { "request_id", "traceId" })
        {
            if (body[key] is JsonValue id)
            {
                Assert.True(key == "traceId" || id.GetValue<string>() == requestId, "request_id must equal the X-Request-Id header");
                body[key] = "<request-id>";
            }
        }

        return new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["headers"] = headers,
            ["body"] = body,
        };
    }
}
