namespace ErrorMiddleware.Tests.Allocation;

/// <summary>
/// Allocation counts are per thread: the tests of this collection never run beside another test class, so nothing
/// else shares their thread while they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationTestGroup
{
    public const string Name = "Allocation";
}
