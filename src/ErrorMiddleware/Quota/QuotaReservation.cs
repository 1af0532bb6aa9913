namespace ErrorMiddleware;

/// <summary>A cost frozen on an account by <see cref="IQuotaService.FreezeAsync"/>, later committed or released exactly once.</summary>
public sealed class QuotaReservation
{
    /// <summary>The id of the reservation (for a database-backed service, the key of its row).</summary>
    public required string Id { get; init; }

    /// <summary>The account charged.</summary>
    public required string AccountId { get; init; }

    /// <summary>The cost frozen.</summary>
    public required long Cost { get; init; }

    /// <summary>Anything the quota service wants back at commit or release time.</summary>
    public object? State { get; init; }
}
