using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// One entry of <see cref="ApiErrorsOptions"/>' ordered exception-mapping table: either a mapping (the error an
/// exception becomes, or <see langword="null"/> for "not mine") or a rethrow rule (whether the exception passes through).
/// </summary>
internal sealed class ExceptionMapping
{
    private readonly Func<HttpContext?, Exception, ApiError?>? _map;
    private readonly Func<HttpContext?, Exception, bool>? _rethrow;

    private ExceptionMapping(Type exceptionType, Func<HttpContext?, Exception, ApiError?>? map, Func<HttpContext?, Exception, bool>? rethrow)
    {
        ExceptionType = exceptionType;
        _map = map;
        _rethrow = rethrow;
    }

    public Type ExceptionType { get; }

    /// <summary>Whether this entry is a rethrow rule rather than a mapping.</summary>
    public bool IsRethrow => _rethrow is not null;

    public static ExceptionMapping Map(Type exceptionType, Func<HttpContext?, Exception, ApiError?> map) => new(exceptionType, map, null);

    public static ExceptionMapping Rethrow(Type exceptionType, Func<HttpContext?, Exception, bool> predicate) => new(exceptionType, null, predicate);

    /// <summary>
    /// Whether <paramref name="exception"/> (an instance of <see cref="ExceptionType"/>) must pass through. Runs the
    /// application's predicate, which may throw.
    /// </summary>
    public bool ShouldRethrow(HttpContext? context, Exception exception) => _rethrow!(context, exception);

    /// <summary>
    /// The error this entry makes of <paramref name="exception"/> (an instance of <see cref="ExceptionType"/>), or
    /// <see langword="null"/> when its mapping function answers "not mine". Runs the application's function, which may throw.
    /// </summary>
    public ApiError? Apply(HttpContext? context, Exception exception) => _map!(context, exception);
}
