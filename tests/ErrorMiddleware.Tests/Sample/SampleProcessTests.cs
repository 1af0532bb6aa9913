using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ErrorMiddleware.Tests.Client;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// The sample as a real process, configured the way the README says: <c>ApiErrors__Dialect=ProblemDetails</c> in the
/// environment switches the default dialect (the BusinessCode task API becomes ProblemDetails), while the <c>/v1</c>
/// group keeps the Wanqing dialect it chooses explicitly.
/// </summary>
public sealed class SampleProcessTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SampleProcess_DialectFromEnvironmentVariable_AnswersProblemDetails()
    {
        // Arrange
        var root = NodeTools.RepositoryRoot();
        var sampleDll = Path.Combine(AppContext.BaseDirectory, "SampleApi.dll");
        var baseUrl = $"http://127.0.0.1:{NodeTools.FreePort()}";
        var output = new StringBuilder();
        using var sample = NodeTools.Start(
            "dotnet",
            [sampleDll, "--urls", baseUrl, "--contentRoot", Path.Combine(root, "samples", "SampleApi")],
            AppContext.BaseDirectory,
            output,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ApiErrors__Dialect"] = "ProblemDetails", ["DOTNET_NOLOGO"] = "1" });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
            await WaitUntilAnswersAsync(sample, http, output);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-demo-valid");

            // Act
            using var tasks = await http.GetAsync("/api/v1/tasks/tsk_missing");
            using var models = await http.GetAsync("/v1/models/echo-9");

            // Assert
            Assert.Equal(404, (int)tasks.StatusCode);
            Assert.Equal("application/problem+json", tasks.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await tasks.Content.ReadAsStringAsync());
            Assert.Equal(404000, problem.RootElement.GetProperty("code").GetInt32());
            Assert.Equal("The task 'tsk_missing' does not exist.", problem.RootElement.GetProperty("detail").GetString());

            Assert.Equal(404, (int)models.StatusCode);
            Assert.Equal("application/json", models.Content.Headers.ContentType?.MediaType);
            using var wanqing = JsonDocument.Parse(await models.Content.ReadAsStringAsync());
            Assert.Equal("ResourceNotFound", wanqing.RootElement.GetProperty("error").GetProperty("code").GetString());
        }
        finally
        {
            NodeTools.Stop(sample);
        }
    }

    private static async Task WaitUntilAnswersAsync(Process sample, HttpClient http, StringBuilder output)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < s_startTimeout)
        {
            Assert.False(sample.HasExited, $"SampleApi exited before answering:\n{NodeTools.Read(output)}");
            try
            {
                using var response = await http.GetAsync("/");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"SampleApi did not answer within {s_startTimeout.TotalSeconds} s:\n{NodeTools.Read(output)}");
    }
}
