using Microsoft.Extensions.Logging;

namespace ErrorMiddleware.Quota.PostgreSql;

/// <summary>The log messages of the PostgreSQL quota ledger.</summary>
internal static partial class PostgreSqlQuotaLog
{
    [LoggerMessage(1, LogLevel.Warning, "The quota reservation {ReservationId} of {AccountId} lapsed before its commit arrived: the commit is refused and nothing is charged.", EventName = "LateCommitRefused")]
    public static partial void LateCommitRefused(ILogger logger, string reservationId, string accountId);

    [LoggerMessage(2, LogLevel.Warning, "The quota reservation {ReservationId} of {AccountId} was already released: the commit is refused.", EventName = "CommitAfterReleaseRefused")]
    public static partial void CommitAfterReleaseRefused(ILogger logger, string reservationId, string accountId);

    [LoggerMessage(3, LogLevel.Warning, "The quota reservation {ReservationId} of {AccountId} was already committed: the release is refused.", EventName = "ReleaseAfterCommitRefused")]
    public static partial void ReleaseAfterCommitRefused(ILogger logger, string reservationId, string accountId);

    [LoggerMessage(4, LogLevel.Debug, "The quota reservation {ReservationId} was already {State}: nothing to do.", EventName = "AlreadySettled")]
    public static partial void AlreadySettled(ILogger logger, string reservationId, string state);

    [LoggerMessage(5, LogLevel.Warning, "The quota ledger's database cannot be reached; answering 500001 with Retry-After.", EventName = "LedgerUnavailable")]
    public static partial void LedgerUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "The quota sweep gave back lapsed reservations of {Count} account(s).", EventName = "Swept")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Warning, "The quota sweep failed; it runs again after its interval.", EventName = "SweepFailed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "The quota reservation {ReservationId} of {AccountId} is unknown to the ledger: nothing to settle.", EventName = "UnknownReservation")]
    public static partial void UnknownReservation(ILogger logger, string reservationId, string accountId);

    [LoggerMessage(9, LogLevel.Debug, "A ledger call failed with {SqlState} (attempt {Attempt}); retrying it.", EventName = "LedgerRetry")]
    public static partial void Retrying(ILogger logger, string sqlState, int attempt);
}
