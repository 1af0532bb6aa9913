namespace ErrorMiddleware;

/// <summary>The places in the exception-classification chain (<see cref="IExceptionMapper.Order"/>).</summary>
internal static class ExceptionMapperOrder
{
    /// <summary>Mappers that look inside an exception another mapper also takes (a form limit inside a binding failure).</summary>
    public const int Specific = -100;

    /// <summary>Mappers of one exception type that no other mapper takes.</summary>
    public const int Default = 0;

    /// <summary>Mappers that take every exception of a broad type (any <c>BadHttpRequestException</c> status).</summary>
    public const int Broad = 100;
}
