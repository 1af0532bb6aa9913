namespace ErrorMiddleware.Tests.Allocation;

/// <summary>The measured pipelines, built once for the allocation tests and disposed after them.</summary>
public sealed class AllocationPipelines : IAsyncLifetime
{
    private readonly Dictionary<(AllocationSetup, ErrorDialect), AllocationPipeline> _pipelines = [];
    private readonly Dictionary<string, long> _baselines = [];

    /// <summary>What the library adds to <paramref name="request"/> in <paramref name="dialect"/>: its bytes less those of the same request without error handling.</summary>
    internal (long Added, long Total, long Baseline) Added(AllocationCase request, ErrorDialect dialect) =>
        Added(AllocationSetup.ApiErrors, request, dialect);

    /// <summary>What ASP.NET Core's own handling adds to <paramref name="request"/> (it always answers problem+json).</summary>
    internal (long Added, long Total, long Baseline) AddedByBuiltIn(AllocationCase request) =>
        Added(AllocationSetup.BuiltIn, request, ErrorDialect.ProblemDetails);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var pipeline in _pipelines.Values)
        {
            await pipeline.DisposeAsync();
        }
    }

    private (long Added, long Total, long Baseline) Added(AllocationSetup setup, AllocationCase request, ErrorDialect dialect)
    {
        var total = Pipeline(setup, dialect).Measure(request, dialect);
        var baseline = Baseline(request);
        return (total - baseline, total, baseline);
    }

    private long Baseline(AllocationCase request)
    {
        if (!_baselines.TryGetValue(request.Request, out var bytes))
        {
            bytes = Pipeline(AllocationSetup.None, ErrorDialect.BusinessCode).Measure(request.Request, request.BaselineStatus);
            _baselines[request.Request] = bytes;
        }

        return bytes;
    }

    private AllocationPipeline Pipeline(AllocationSetup setup, ErrorDialect dialect)
    {
        var key = (setup, setup == AllocationSetup.ApiErrors ? dialect : ErrorDialect.BusinessCode);
        if (!_pipelines.TryGetValue(key, out var pipeline))
        {
            pipeline = AllocationPipeline.Create(setup, dialect);
            _pipelines[key] = pipeline;
        }

        return pipeline;
    }
}
