using Xunit.Abstractions;

namespace ErrorMiddleware.Tests.Allocation;

/// <summary>Prints the bytes per request of every setup and case (run with <c>--logger "console;verbosity=detailed"</c>).</summary>
[Collection(AllocationTestGroup.Name)]
public sealed class AllocationReport(ITestOutputHelper output)
{
    [Fact]
    public async Task Report()
    {
        (string Request, int Status, int NoneStatus)[] cases =
        [
            ("GET /ok", 200, 200),
            ("GET /throw", 402, 500),
            ("GET /missing", 404, 404),
            ("GET /status", 409, 409),
            ("POST /validated", 400, 200),
        ];
        await using var none = AllocationPipeline.Create(AllocationSetup.None);
        var baseline = cases.Select(c => none.Measure(c.Request, c.NoneStatus)).ToArray();
        for (var i = 0; i < cases.Length; i++)
        {
            output.WriteLine($"None {cases[i].Request}: {baseline[i]}");
        }

        foreach (var dialect in Enum.GetValues<ErrorDialect>())
        {
            await using var pipeline = AllocationPipeline.Create(AllocationSetup.ApiErrors, dialect);
            for (var i = 0; i < cases.Length; i++)
            {
                var status = dialect == ErrorDialect.Wanqing && cases[i].Status == 402 ? 403 : cases[i].Status;
                var bytes = pipeline.Measure(cases[i].Request, status);
                output.WriteLine($"{dialect} {cases[i].Request}: {bytes} (+{bytes - baseline[i]})");
            }
        }

        for (var i = 0; i < cases.Length; i++)
        {
            output.WriteLine($"None again {cases[i].Request}: {none.Measure(cases[i].Request, cases[i].NoneStatus)}");
        }

        await using var builtIn = AllocationPipeline.Create(AllocationSetup.BuiltIn);
        for (var i = 0; i < cases.Length; i++)
        {
            var bytes = builtIn.Measure(cases[i].Request, cases[i].Status);
            output.WriteLine($"BuiltIn {cases[i].Request}: {bytes} (+{bytes - baseline[i]})");
        }
    }
}
