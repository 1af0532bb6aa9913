namespace ErrorMiddleware;

/// <summary>One entry of <see cref="ApiErrorsOptions"/>' ordered exception-mapping table.</summary>
internal sealed class ExceptionMapping(Type exceptionType, Func<Exception, ApiException?>? mapping, bool rethrow, int? statusCode = null)
{
    public Type ExceptionType { get; } = exceptionType;

    public Func<Exception, ApiException?>? Mapping { get; } = mapping;

    public bool Rethrow { get; } = rethrow;

    public int? StatusCode { get; } = statusCode;
}
