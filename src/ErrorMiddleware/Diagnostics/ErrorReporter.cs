using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>
/// One log line and one metric per error: written (5xx at Error with the exception, 4xx at Debug), ending a started
/// event stream, aborting a started response, or replaced by the fixed fallback body.
/// </summary>
internal sealed class ErrorReporter(ErrorMetrics metrics, ILogger<ErrorResponseWriter> logger)
{
    public void Written(ResolvedError error, Exception? exception)
    {
        if (error.StatusCode >= 500)
        {
            ErrorMiddlewareLog.ServerError(logger, error.StatusCode, error.Code.Code, error.Dialect, exception);
        }
        else
        {
            ErrorMiddlewareLog.ClientError(logger, error.StatusCode, error.Code.Code, error.Dialect, exception);
        }

        Count(error);
    }

    public void StreamEnded(ResolvedError error, Exception? exception)
    {
        var level = error.StatusCode >= 500 ? LogLevel.Error : LogLevel.Debug;
        ErrorMiddlewareLog.StreamErrorWritten(logger, level, error.StatusCode, error.Code.Code, error.Dialect, exception);
        Count(error);
    }

    public void Aborted(ResolvedError error, Exception? exception)
    {
        var level = error.StatusCode >= 500 ? LogLevel.Error : LogLevel.Information;
        ErrorMiddlewareLog.ResponseStarted(logger, level, error.StatusCode, error.Code.Code, error.Dialect, exception);
        Count(error);
    }

    /// <summary>
    /// Writing the error failed (the fallback body replaced it, or a started response was aborted): the original
    /// failure is reported as the internal error it became. <paramref name="exception"/> is the original failure, or
    /// <see langword="null"/> when there was none (a status, a refusal): the failure of the writing itself is logged
    /// by the caller, and one exception is never logged twice.
    /// </summary>
    public void Failed(ApiErrorDialect dialect, Exception? exception)
    {
        var code = ErrorCodes.For(ErrorKind.InternalError, ErrorCatalog.CatalogDialect(dialect.Catalog)).Code;
        ErrorMiddlewareLog.ServerError(logger, StatusCodes.Status500InternalServerError, code, dialect.Name, exception);
        metrics.ErrorWritten(StatusCodes.Status500InternalServerError, code, dialect.Name);
    }

    private void Count(ResolvedError error) => metrics.ErrorWritten(error.StatusCode, error.Code.Code, error.Dialect);
}
