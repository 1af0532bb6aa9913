using Microsoft.Extensions.Logging;

namespace ErrorMiddleware;

/// <summary>Log messages of the exception-classification chain.</summary>
internal static partial class ErrorMiddlewareLog
{
    [LoggerMessage(20, LogLevel.Error, "The exception mapping {Mapping} threw while classifying a {ExceptionType}; the exception was classified by the rest of the chain.", EventName = "ExceptionMappingFailed")]
    public static partial void ExceptionMappingFailed(ILogger logger, string mapping, string exceptionType, Exception exception);
}
