namespace ErrorMiddleware.Tests.Allocation;

/// <summary>The measured pipelines, built once for the allocation tests and disposed after them.</summary>
public sealed class AllocationPipelines : IAsyncLifetime
{
    private readonly Dictionary<(AllocationSetup, ErrorDialect), AllocationPipeline> _pipelines = [];

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

    /// <summary>
    /// The request with error handling and without, measured in turn three times; the smallest difference counts.
    /// Now and then a pipeline's request costs one small object more for a while (64 B: a cache of the framework
    /// filled on first use, a listener another part of the process switched on), on either side; an allocation the
    /// library really adds shows in every turn, so the smallest difference still catches it.
    /// </summary>
    private (long Added, long Total, long Baseline) Added(AllocationSetup setup, AllocationCase request, ErrorDialect dialect)
    {
        (long Added, long Total, long Baseline) best = (long.MaxValue, 0, 0);
        for (var turn = 0; turn < 3; turn++)
        {
            var total = Pipeline(setup, dialect).Measure(request, dialect);
            var baseline = Baseline(request);
            if (total - baseline < best.Added)
            {
                best = (total - baseline, total, baseline);
            }
        }

        return best;
    }

    private long Baseline(AllocationCase request) =>
        Pipeline(AllocationSetup.None, ErrorDialect.BusinessCode).Measure(request.Request, request.BaselineStatus);

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
