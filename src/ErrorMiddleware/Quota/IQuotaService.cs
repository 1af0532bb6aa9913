namespace ErrorMiddleware;

/// <summary>
/// The application's quota or billing service, asked to freeze an endpoint's cost before the handler runs, then to
/// commit it once the response was produced successfully or release it when the request failed, so that a failed
/// request costs nothing.
/// Register an implementation as a singleton to replace the default <see cref="InMemoryQuotaService"/>.
/// </summary>
/// <remarks>
/// Implementations must never overdraw an account when requests run concurrently: the check and the freeze are one
/// atomic step (a lock, or a conditional <c>UPDATE ... WHERE available &gt;= @cost</c>). Commit and release are called
/// at most once each per reservation, with a token that is not cancelled when the client goes away: release follows
/// a commit only when the commit threw (so that the freeze does not outlive the request), so a release of a
/// reservation that was in fact committed must be refused, not applied. An exception from <see cref="FreezeAsync"/> is a
/// server fault (500); one from <see cref="CommitAsync"/> or <see cref="ReleaseAsync"/> is logged
/// (<c>QuotaSettleFailed</c>) and never changes the response, which was already produced.
/// <para>
/// Where the line is: commit is called after the endpoint's result was executed (its body handed to the server)
/// without an exception, with a response status below 400 and the client still connected; release in every other
/// case (refused by validation, the handler or its result threw, an error status, the client went away). For a
/// streamed response (Server-Sent Events, <c>IAsyncEnumerable</c>, a body written by hand) that is after its last
/// write: a stream that fails or is cut off half-way is released. A reservation nobody settled is released when the
/// request ends.
/// </para>
/// </remarks>
public interface IQuotaService
{
    /// <summary>Freezes the cost on the account, if the account can cover it.</summary>
    /// <param name="context">The account, the cost and the request.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>The reservation, or why there is none.</returns>
    ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken);

    /// <summary>Charges a frozen cost: the response was produced successfully.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cancellationToken">A token that is not cancelled by the client going away.</param>
    /// <returns>A task that completes when the cost is charged.</returns>
    ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken);

    /// <summary>Gives a frozen cost back: the request failed.</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="cancellationToken">A token that is not cancelled by the client going away.</param>
    /// <returns>A task that completes when the cost is available again.</returns>
    ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken);
}
