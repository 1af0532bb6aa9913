using System.Text.RegularExpressions;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.ErrorResults;

/// <summary>
/// <c>return ApiResults.X(...)</c> writes exactly what <c>throw new XException(...)</c> writes — status, headers and
/// body byte for byte (the request id aside) — in every dialect, from a minimal API and from a controller.
/// </summary>
public sealed partial class ApiResultsEquivalenceTests
{
    public static TheoryData<ErrorDialect, string> Cases()
    {
        var data = new TheoryData<ErrorDialect, string>();
        foreach (var dialect in new[] { ErrorDialect.BusinessCode, ErrorDialect.Wanqing, ErrorDialect.ProblemDetails })
        {
            foreach (var name in ApiResultsCases.Names)
            {
                data.Add(dialect, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ReturnedResult_InEveryDialect_WritesWhatTheThrownExceptionWrites(ErrorDialect dialect, string name)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            app =>
            {
                app.MapGet("/case/{name}", (string name, string mode) => mode == "throw" ? throw ApiResultsCases.Exception(name) : ApiResultsCases.Result(name));
                app.MapControllers();
            },
            options => options.Dialect = dialect,
            services => services.AddControllers().AddApplicationPart(typeof(ApiResultsTestController).Assembly));

        foreach (var path in new[] { $"/case/{name}", $"/mvc/case/{name}" })
        {
            // Act
            var thrown = await ReadAsync(app.Client, path + "?mode=throw");
            var returned = await ReadAsync(app.Client, path + "?mode=return");

            // Assert
            Assert.True(thrown.Status >= 400, $"{path}: the thrown exception was not handled: {thrown.Status} {thrown.Body}");
            Assert.Equal(thrown.Status, returned.Status);
            Assert.Equal(thrown.Headers, returned.Headers);
            Assert.Equal(thrown.Body, returned.Body);
        }
    }

    /// <summary>Status, headers (names and values, the request id's value replaced) and body (the request and trace ids replaced).</summary>
    private static async Task<(int Status, string Headers, string Body)> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        var body = (await response.Content.ReadAsStringAsync()).Replace(requestId, "{request-id}", StringComparison.Ordinal);
        body = TraceId().Replace(body, "\"traceId\":\"{trace-id}\"");
        var headers = response.Headers.Concat(response.Content.Headers)
            .Select(h => h.Key + ": " + (string.Equals(h.Key, "X-Request-Id", StringComparison.OrdinalIgnoreCase) ? "{request-id}" : string.Join(", ", h.Value)))
            .Order(StringComparer.OrdinalIgnoreCase);
        return (response.Status(), string.Join("\n", headers), body);
    }

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
