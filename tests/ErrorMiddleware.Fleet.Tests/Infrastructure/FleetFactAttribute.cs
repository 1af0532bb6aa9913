namespace ErrorMiddleware.Fleet.Tests.Infrastructure;

/// <summary>A test that needs the fleet's servers: skipped, with <see cref="FleetServers.SkipReason"/>, when they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FleetFactAttribute : FactAttribute
{
    public FleetFactAttribute()
    {
        if (!FleetServers.Available)
        {
            Skip = FleetServers.SkipReason;
        }
    }
}
