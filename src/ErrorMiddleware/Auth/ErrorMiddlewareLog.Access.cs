using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>Log messages of the access hooks: 200-299 authentication and authorization, 300-399 quota and rate limiting.</summary>
internal static partial class ErrorMiddlewareLog
{
    [LoggerMessage(200, LogLevel.Debug, "The authentication scheme answered the challenge or forbid itself ({StatusCode}); no error body was written.", EventName = "AuthorizationAnsweredByScheme")]
    public static partial void AuthorizationAnsweredByScheme(ILogger logger, int statusCode);

    [LoggerMessage(300, LogLevel.Debug, "Froze {Cost} on account {AccountId} for {Action} (reservation {ReservationId}).", EventName = "QuotaFrozen")]
    public static partial void QuotaFrozen(ILogger logger, long cost, string accountId, string action, string reservationId);

    [LoggerMessage(301, LogLevel.Debug, "Quota freeze of {Cost} for {Action} refused: {Status}.", EventName = "QuotaRefused")]
    public static partial void QuotaRefused(ILogger logger, long cost, string action, QuotaFreezeStatus status);

    [LoggerMessage(302, LogLevel.Debug, "Quota reservation {ReservationId} {Outcome}.", EventName = "QuotaSettled")]
    public static partial void QuotaSettled(ILogger logger, string reservationId, string outcome);

    [LoggerMessage(303, LogLevel.Error, "Quota reservation {ReservationId} of {AccountId} could not be {Outcome}; the response stands and the quota service's lease frees it.", EventName = "QuotaSettleFailed")]
    public static partial void QuotaSettleFailed(ILogger logger, string reservationId, string accountId, string outcome, Exception exception);
}
