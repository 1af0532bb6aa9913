using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ErrorMiddleware.Tests.Client;

/// <summary>Finds executables, runs processes with bounded time and collected output, finds free ports.</summary>
internal static class NodeTools
{
    /// <summary>The full path of an executable on the PATH, or <see langword="null"/>.</summary>
    public static string? Find(string name)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : [name];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            foreach (var candidate in names)
            {
                if (directory.Length != 0 && File.Exists(Path.Combine(directory, candidate)))
                {
                    return Path.Combine(directory, candidate);
                }
            }
        }

        return null;
    }

    /// <summary>The repository root: the first parent of the test assembly that holds ErrorMiddleware.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ErrorMiddleware.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ErrorMiddleware.sln was not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a process whose stdout and stderr are collected into <paramref name="output"/>.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, string workingDirectory, StringBuilder output, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a process to completion within <paramref name="timeout"/>; kills it when the time is up.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var output = new StringBuilder();
        using var process = Start(fileName, arguments, workingDirectory, output, environment);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            return (-1, $"{fileName} did not finish within {timeout.TotalSeconds} s and was killed.\n{Read(output)}");
        }

        await process.WaitForExitAsync(CancellationToken.None); // drains the redirected output
        return (process.ExitCode, Read(output));
    }

    /// <summary>Kills a process and its children, waiting a bounded time for them to go.</summary>
    public static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    public static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
