using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// One log line and one metric per error: written (5xx at Error with the exception, 4xx at Debug), ending a started
/// event stream, aborting a started response, or replaced by the fixed fallback body. A server error (5xx) is also
/// reported to the platform's telemetry (<see cref="ServerErrorTelemetry"/>).
/// </summary>
internal sealed class ErrorReporter(
    ErrorMetrics metrics, ServerErrorTelemetry telemetry, ILogger<ErrorResponseWriter> logger, IOptions<ApiErrorsOptions> options)
{
    private readonly Func<HttpContext, Exception, ResolvedError, bool>? _shouldLog = options.Value.ShouldLogException;

    public void Written(HttpContext context, ResolvedError error, Exception? exception)
    {
        if (ShouldLog(context, exception, error))
        {
            if (error.StatusCode >= 500)
            {
                ErrorMiddlewareLog.ServerError(logger, error.StatusCode, error.Code.Code, error.Dialect, exception);
            }
            else
            {
                ErrorMiddlewareLog.ClientError(logger, error.StatusCode, error.Code.Code, error.Dialect, exception);
            }
        }

        Count(context, error.StatusCode, error.Code.Code, error.Dialect, exception);
    }

    public void StreamEnded(HttpContext context, ResolvedError error, Exception? exception)
    {
        if (ShouldLog(context, exception, error))
        {
            var level = error.StatusCode >= 500 ? LogLevel.Error : LogLevel.Debug;
            ErrorMiddlewareLog.StreamErrorWritten(logger, level, error.StatusCode, error.Code.Code, error.Dialect, exception);
        }

        Count(context, error.StatusCode, error.Code.Code, error.Dialect, exception);
    }

    public void Aborted(HttpContext context, ResolvedError error, Exception? exception)
    {
        if (ShouldLog(context, exception, error))
        {
            var level = error.StatusCode >= 500 ? LogLevel.Error : LogLevel.Information;
            ErrorMiddlewareLog.ResponseStarted(logger, level, error.StatusCode, error.Code.Code, error.Dialect, exception);
        }

        Count(context, error.StatusCode, error.Code.Code, error.Dialect, exception);
    }

    /// <summary>
    /// Writing the error failed (the fallback body replaced it, or a started response was aborted): the original
    /// failure is reported as the internal error it became. <paramref name="exception"/> is the original failure, or
    /// <see langword="null"/> when there was none (a status, a refusal): the failure of the writing itself is logged
    /// by the caller, and one exception is never logged twice.
    /// </summary>
    public void Failed(HttpContext context, ApiErrorDialect dialect, Exception? exception)
    {
        var code = ErrorCodes.For(ErrorKind.InternalError, ErrorCatalog.CatalogDialect(dialect.Catalog)).Code;
        ErrorMiddlewareLog.ServerError(logger, StatusCodes.Status500InternalServerError, code, dialect.Name, exception);
        Count(context, StatusCodes.Status500InternalServerError, code, dialect.Name, exception);
    }

    /// <summary><see cref="ApiErrorsOptions.ShouldLogException"/>: only errors from an exception can be left unlogged.</summary>
    private bool ShouldLog(HttpContext context, Exception? exception, ResolvedError error)
    {
        if (exception is not null && ApiErrorsExceptionHandler.IsRethrown(context, exception))
        {
            // UseApiErrors() let it through (a Rethrow rule) and an outer UseExceptionHandler() caught it: the framework
            // logged it as unhandled, and asks for the response through the problem-details service. One line per error.
            return false;
        }

        if (_shouldLog is null || exception is null)
        {
            return true;
        }

        try
        {
            return _shouldLog(context, exception, error);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            return true; // a faulty predicate never hides an error
        }
    }

    private void Count(HttpContext context, int statusCode, string code, string dialect, Exception? exception)
    {
        metrics.ErrorWritten(context, statusCode, code, dialect);
        telemetry.ServerError(context, statusCode, exception);
    }
}
