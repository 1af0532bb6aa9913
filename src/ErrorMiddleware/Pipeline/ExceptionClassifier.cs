using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Decides which error an exception becomes, as a chain: the application's own <c>Map</c> / <c>MapToStatusCode</c> /
/// <c>Rethrow</c> entries first, in the order they were added, then the <see cref="IExceptionMapper"/>s the integrations
/// registered, then 530003. Returns <see langword="null"/> when the exception must be rethrown. The application's entries
/// get the request; one that needs it is skipped when there is none.
/// </summary>
/// <remarks>
/// A link that throws never decides the outcome: its failure is logged (<c>ExceptionMappingFailed</c>) and the original
/// exception goes on down the chain, so the client still gets a documented error and the original is what gets logged
/// with it.
/// </remarks>
internal sealed class ExceptionClassifier
{
    private readonly IReadOnlyList<ExceptionMapping> _mappings;
    private readonly IExceptionMapper[] _mappers;
    private readonly ILogger _logger;

    public ExceptionClassifier(IOptions<ApiErrorsOptions> options, IEnumerable<IExceptionMapper>? mappers = null, ILogger<ExceptionClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mappings = options.Value.GetMappings();
        _mappers = mappers is null ? [] : [.. mappers.OrderBy(static m => m.Order)];
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public ApiError? Classify(Exception exception, HttpContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var i = 0; i < _mappings.Count; i++)
        {
            var mapping = _mappings[i];
            if (!mapping.ExceptionType.IsInstanceOfType(exception))
            {
                continue;
            }

            try
            {
                if (mapping.IsRethrow)
                {
                    if (mapping.ShouldRethrow(context, exception))
                    {
                        return null;
                    }
                }
                else if (mapping.Apply(context, exception) is { } error)
                {
                    return error;
                }
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                ErrorMiddlewareLog.ExceptionMappingFailed(_logger, mapping.ExceptionType.FullName ?? mapping.ExceptionType.Name, exception.GetType().FullName ?? exception.GetType().Name, failure);
            }
        }

        foreach (var mapper in _mappers)
        {
            try
            {
                if (mapper.TryMap(exception, context) is { } error)
                {
                    return error;
                }
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                ErrorMiddlewareLog.ExceptionMappingFailed(_logger, mapper.GetType().Name, exception.GetType().FullName ?? exception.GetType().Name, failure);
            }
        }

        return new ApiError { Kind = ErrorKind.InternalError, Exception = exception };
    }
}
