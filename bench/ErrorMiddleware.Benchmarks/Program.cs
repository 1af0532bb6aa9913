using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ErrorMiddleware.Benchmarks;
using Perfolizer.Metrology;

// dotnet run -c Release --project bench/ErrorMiddleware.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/ErrorMiddleware.Benchmarks -- serve BusinessCode 5099   (bench/wrk.sh runs it)
if (args.Length == 3 && args[0] == "serve")
{
    await ServeCommand.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

/// <summary>Entry point.</summary>
public partial class Program
{
}
