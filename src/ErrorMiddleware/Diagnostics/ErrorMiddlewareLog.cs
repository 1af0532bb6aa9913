using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// Every log message of the library. EventIds never change once shipped; docs/reference.md lists them.
/// 1-99: pipeline; 100-199: MVC and endpoints; 200-299: authentication and authorization;
/// 300-399: quota and rate limiting.
/// </summary>
internal static partial class ErrorMiddlewareLog
{
    [LoggerMessage(1, LogLevel.Debug, "Request failed with {StatusCode} {Code} ({Dialect}).", EventName = "ClientError")]
    public static partial void ClientError(ILogger logger, int statusCode, string code, string dialect, Exception? exception);

    [LoggerMessage(2, LogLevel.Error, "Request failed with {StatusCode} {Code} ({Dialect}).", EventName = "ServerError")]
    public static partial void ServerError(ILogger logger, int statusCode, string code, string dialect, Exception? exception);

    /// <summary>Error for a server fault, Information for a client error: either way the client saw a broken response.</summary>
    [LoggerMessage(EventId = 3, Message = "The response had already started; the error {StatusCode} {Code} ({Dialect}) could not be written and the connection was aborted.", EventName = "ResponseStarted")]
    public static partial void ResponseStarted(ILogger logger, LogLevel level, int statusCode, string code, string dialect, Exception? exception);

    [LoggerMessage(4, LogLevel.Debug, "The client closed the request (499); nothing was written.", EventName = "ClientClosedRequest")]
    public static partial void ClientClosedRequest(ILogger logger, Exception? exception);

    [LoggerMessage(5, LogLevel.Error, "Writing the error response failed; the fixed fallback body was written instead.", EventName = "WriteFailed")]
    public static partial void WriteFailed(ILogger logger, Exception exception);

    /// <summary>Error for a server fault, Debug for a client error (the event carries it to the client).</summary>
    [LoggerMessage(EventId = 6, Message = "The event stream had started; it was ended with the error event {StatusCode} {Code} ({Dialect}).", EventName = "StreamErrorWritten")]
    public static partial void StreamErrorWritten(ILogger logger, LogLevel level, int statusCode, string code, string dialect, Exception? exception);

    [LoggerMessage(8, LogLevel.Warning, "No error dialect is named '{Name}'; the default dialect {Default} is used. Register it with ApiErrorsOptions.AddDialect().", EventName = "UnknownDialect")]
    public static partial void UnknownDialect(ILogger logger, string name, string @default);

    [LoggerMessage(7, LogLevel.Error, "Writing the error failed after the response had started; the connection was aborted.", EventName = "WriteFailedAfterStart")]
    public static partial void WriteFailedAfterStart(ILogger logger, Exception exception);

    /// <summary>An application's <c>IExceptionHandler</c> threw: the original exception is answered by the library instead.</summary>
    [LoggerMessage(10, LogLevel.Error, "The exception handler {Handler} threw; the original exception is answered by ErrorMiddleware.", EventName = "ExceptionHandlerFailed")]
    public static partial void ExceptionHandlerFailed(ILogger logger, string handler, Exception exception);
}
