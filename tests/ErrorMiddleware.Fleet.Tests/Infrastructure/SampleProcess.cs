using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ErrorMiddleware.Fleet.Tests.Infrastructure;

/// <summary>One SampleApi process on 127.0.0.1 (<c>dotnet SampleApi.dll</c>), started with the given configuration.</summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SampleProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string Output => string.Join('\n', _output.TakeLast(60));

    public static async Task<SampleProcess> StartAsync(IReadOnlyDictionary<string, string> environment, HttpClient http)
    {
        var sampleDirectory = SampleOutputDirectory();
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(sampleDirectory, "SampleApi.dll"), "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = sampleDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet SampleApi.dll did not start.");
        if (System.Environment.GetEnvironmentVariable("FLEET_DIR") is { Length: > 0 } fleetDirectory && Directory.Exists(fleetDirectory))
        {
            // fleet_servers_stop kills what is listed here and still runs, whatever happened to this test host.
            await File.AppendAllTextAsync(Path.Combine(fleetDirectory, "sample.pids"), process.Id + "\n");
        }

        var sample = new SampleProcess(process, address);
        process.OutputDataReceived += (_, e) => sample.Record(e.Data);
        process.ErrorDataReceived += (_, e) => sample.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"SampleApi exited with {process.ExitCode} while starting:\n{sample.Output}");
            }

            try
            {
                using var response = await http.GetAsync(address);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return sample;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await sample.DisposeAsync();
        throw new TimeoutException($"SampleApi did not answer on {address} within 90 s:\n{sample.Output}");
    }

    /// <summary>SIGKILL: the process dies at once, without running any cleanup (as <c>kill -9</c>).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            while (_output.Count > 200 && _output.TryDequeue(out _))
            {
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>samples/SampleApi/bin/&lt;Configuration&gt;/net10.0, built with this test project (same configuration).</summary>
    private static string SampleOutputDirectory()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ErrorMiddleware.sln")))
        {
            root = root.Parent;
        }

        var directory = Path.Combine(root?.FullName ?? throw new InvalidOperationException("ErrorMiddleware.sln not found above " + testDirectory), "samples", "SampleApi", "bin", configuration, framework);
        return File.Exists(Path.Combine(directory, "SampleApi.dll"))
            ? directory
            : throw new InvalidOperationException($"SampleApi.dll is not in {directory}: build the solution first.");
    }
}
