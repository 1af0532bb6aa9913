using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// Options of ErrorMiddleware, bound from the <c>ApiErrors</c> configuration section by
/// <see cref="ApiErrorsServiceCollectionExtensions.AddApiErrors(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ApiErrorsOptions}?)"/>.
/// </summary>
public sealed class ApiErrorsOptions
{
    private readonly List<ExceptionMapping> _mappings = [];

    /// <summary>The dialect used where an endpoint does not choose one.</summary>
    /// <value>Default: <see cref="ErrorDialect.BusinessCode"/>.</value>
    public ErrorDialect Dialect { get; set; } = ErrorDialect.BusinessCode;

    /// <summary>
    /// When exception details (type, message, stack trace) are written into error responses. Details describe
    /// faults: exceptions other than <see cref="ApiException"/>, or an <see cref="ApiException"/> wrapping an inner
    /// exception; a domain exception thrown on purpose never gets them.
    /// </summary>
    /// <value>Default: <see cref="ExceptionDetailsPolicy.Development"/>. Ignored when <see cref="IncludeExceptionDetails"/> is set.</value>
    public ExceptionDetailsPolicy ExceptionDetails { get; set; } = ExceptionDetailsPolicy.Development;

    /// <summary>
    /// A predicate deciding, per request and fault, whether exception details are written (it is not asked for
    /// domain exceptions thrown on purpose, which never get details).
    /// </summary>
    /// <value>Default: <see langword="null"/>, which applies <see cref="ExceptionDetails"/>.</value>
    public Func<HttpContext, Exception, bool>? IncludeExceptionDetails { get; set; }

    /// <summary>
    /// Whether a request sending <c>Accept: application/problem+json</c> gets the ProblemDetails dialect,
    /// whatever the endpoint or global dialect.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool HonorProblemDetailsAccept { get; set; }

    /// <summary>Whether a 4xx/5xx response that leaves the pipeline with no body gets the envelope for its status.</summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool HandleBodylessStatusCodes { get; set; } = true;

    /// <summary>The response header that carries the request id of an error.</summary>
    /// <value>Default: <c>X-Request-Id</c>.</value>
    public string RequestIdHeaderName { get; set; } = "X-Request-Id";

    /// <summary>
    /// Whether successful responses carry the request id header too (error responses always do). Costs one
    /// header and the request id string per request, so it is off by default.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RequestIdOnEveryResponse { get; set; }

    /// <summary>
    /// Response headers kept when an exception clears a response. Headers starting with <c>Access-Control-</c>
    /// (CORS) are always kept.
    /// </summary>
    /// <value>Default: <c>Strict-Transport-Security</c>, <c>WWW-Authenticate</c>, <c>Retry-After</c>, <c>Vary</c>.</value>
    public ISet<string> AllowedHeaderNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Strict-Transport-Security",
        "WWW-Authenticate",
        "Retry-After",
        "Vary",
    };

    /// <summary>Replacements for BusinessCode (and ProblemDetails) rows, by failure kind.</summary>
    /// <value>Default: empty.</value>
    public IDictionary<ErrorKind, ErrorCodeOverride> BusinessCodeOverrides { get; } = new Dictionary<ErrorKind, ErrorCodeOverride>();

    /// <summary>Replacements for Wanqing rows, by failure kind.</summary>
    /// <value>Default: empty.</value>
    public IDictionary<ErrorKind, ErrorCodeOverride> WanqingOverrides { get; } = new Dictionary<ErrorKind, ErrorCodeOverride>();

    /// <summary>
    /// Called just before an error is written; it may replace the message. Exceptions it throws are logged and
    /// the fixed fallback body is written.
    /// </summary>
    /// <value>Default: <see langword="null"/>.</value>
    public Func<ErrorContext, CancellationToken, ValueTask>? OnError { get; set; }

    internal IReadOnlyList<ExceptionMapping> GetMappings() => _mappings;

    /// <summary>Maps exceptions of a type to a failure kind. Mappings are tried in order; the first match wins.</summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="kind">The failure.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Map<TException>(ErrorKind kind)
        where TException : Exception
        => Map<TException>(_ => new ApiException(kind));

    /// <summary>Maps exceptions of a type to a catalog row.</summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="code">The row.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Map<TException>(ErrorCode code)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(code);
        return Map<TException>(_ => new ApiException(code));
    }

    /// <summary>
    /// Maps exceptions of a type with a function returning the <see cref="ApiException"/> to write, or
    /// <see langword="null"/> to let the next mapping (or the built-in rules) decide.
    /// </summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="mapping">The mapping function.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Map<TException>(Func<TException, ApiException?> mapping)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _mappings.Add(new ExceptionMapping(typeof(TException), ex => mapping((TException)ex), rethrow: false));
        return this;
    }

    /// <summary>Maps exceptions of a type to a body-less status, which gets the envelope for that status.</summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="statusCode">An HTTP status, 400-599.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions MapToStatusCode<TException>(int statusCode)
        where TException : Exception
    {
        if (statusCode is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "An error's HTTP status must be between 400 and 599.");
        }

        _mappings.Add(new ExceptionMapping(typeof(TException), null, rethrow: false, statusCode));
        return this;
    }

    /// <summary>Lets exceptions of a type pass through <c>UseApiErrors()</c> untouched (rethrown).</summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Rethrow<TException>()
        where TException : Exception
    {
        _mappings.Add(new ExceptionMapping(typeof(TException), null, rethrow: true));
        return this;
    }
}
