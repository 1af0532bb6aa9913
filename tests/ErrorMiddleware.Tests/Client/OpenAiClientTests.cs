using System.Diagnostics;
using System.Text;

namespace ErrorMiddleware.Tests.Client;

/// <summary>
/// The evidence that the Wanqing dialect is OpenAI-compatible on the wire: the official OpenAI Node SDK
/// (tests/OpenAiClient) drives the SampleApi, started as a real process on 127.0.0.1.
/// </summary>
public sealed class OpenAiClientTests
{
    private static readonly TimeSpan s_npmTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_nodeTimeout = TimeSpan.FromMinutes(3);

    [NodeFact]
    public async Task OpenAiNodeSdk_AgainstRunningSample_SeesDocumentedErrors()
    {
        // Arrange
        var root = NodeTools.RepositoryRoot();
        var clientDirectory = Path.Combine(root, "tests", "OpenAiClient");
        await EnsureNodeModulesAsync(clientDirectory);

        var sampleDll = Path.Combine(AppContext.BaseDirectory, "SampleApi.dll");
        Assert.True(File.Exists(sampleDll), $"SampleApi.dll not found next to the test assembly ({sampleDll}); the test project references SampleApi.");
        var port = NodeTools.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var sampleOutput = new StringBuilder();
        using var sample = NodeTools.Start(
            "dotnet",
            [sampleDll, "--urls", baseUrl, "--contentRoot", Path.Combine(root, "samples", "SampleApi")],
            AppContext.BaseDirectory,
            sampleOutput,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_NOLOGO"] = "1" });
        try
        {
            await WaitUntilAnswersAsync(sample, baseUrl, sampleOutput);

            // Act
            var (exitCode, nodeOutput) = await NodeTools.RunAsync(
                NodeTools.Find("node")!,
                ["--test", "--test-reporter=tap"],
                clientDirectory,
                s_nodeTimeout,
                new Dictionary<string, string> { ["SAMPLE_URL"] = baseUrl, ["NO_COLOR"] = "1" });

            // Assert
            Assert.True(exitCode == 0, $"node --test failed (exit code {exitCode}):\n{nodeOutput}\n--- SampleApi output ---\n{NodeTools.Read(sampleOutput)}");
            Assert.Contains("# fail 0", nodeOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("# pass 0", nodeOutput, StringComparison.Ordinal);
        }
        finally
        {
            NodeTools.Stop(sample);
        }
    }

    private static async Task EnsureNodeModulesAsync(string clientDirectory)
    {
        if (Directory.Exists(Path.Combine(clientDirectory, "node_modules", "openai")))
        {
            return;
        }

        var npm = NodeTools.Find("npm");
        Assert.True(npm is not null, "node is installed but npm is not on PATH: cannot install tests/OpenAiClient's packages.");
        var (exitCode, output) = await NodeTools.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], clientDirectory, s_npmTimeout);
        Assert.True(exitCode == 0, $"npm ci failed in {clientDirectory} (exit code {exitCode}):\n{output}");
    }

    private static async Task WaitUntilAnswersAsync(Process sample, string baseUrl, StringBuilder sampleOutput)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < s_startTimeout)
        {
            if (sample.HasExited)
            {
                Assert.Fail($"SampleApi exited with code {sample.ExitCode} before answering:\n{NodeTools.Read(sampleOutput)}");
            }

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

        Assert.Fail($"SampleApi did not answer on {baseUrl} within {s_startTimeout.TotalSeconds} s:\n{NodeTools.Read(sampleOutput)}");
    }
}
