namespace ErrorMiddleware;

/// <summary>One entry of <see cref="ApiErrorsOptions"/>' ordered exception-mapping table.</summary>
internal sealed class ExceptionMapping(Type exceptionType, Func<Exception, ApiException?>? mapping, bool rethrow, int? statusCode = null)
{
    public Type ExceptionType { get; } = exceptionType;

    public Func<Exception, ApiException?>? Mapping { get; } = mapping;

    public bool Rethrow { get; } = rethrow;

    public int? StatusCode { get; } = statusCode;

    /// <summary>
    /// The error this entry makes of <paramref name="exception"/> (an instance of <see cref="ExceptionType"/>), or
    /// <see langword="null"/> when its mapping function answers "not mine". Runs the application's function, which may throw.
    /// </summary>
    public ApiError? Apply(Exception exception)
    {
        if (StatusCode is { } statusCode)
        {
            return new ApiError { Kind = ErrorCodes.ErrorKindForStatus(statusCode), StatusCode = statusCode, Exception = exception };
        }

        return Mapping!(exception) is { } mapped ? ApiError.FromException(mapped, exception) : null;
    }
}
