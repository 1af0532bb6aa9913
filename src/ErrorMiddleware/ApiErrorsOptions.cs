using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware;

/// <summary>
/// Options of ErrorMiddleware, bound from the <c>ApiErrors</c> configuration section by
/// <see cref="ApiErrorsServiceCollectionExtensions.AddApiErrors(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ApiErrorsOptions}?)"/>.
/// </summary>
public sealed class ApiErrorsOptions
{
    private readonly List<ExceptionMapping> _mappings = [];
    private readonly List<ApiErrorDialect> _dialects = [];
    private ErrorDialect _dialect = ErrorDialect.BusinessCode;

    /// <summary>The built-in dialect used where an endpoint does not choose one.</summary>
    /// <value>Default: <see cref="ErrorDialect.BusinessCode"/>. Setting it clears <see cref="DialectName"/>: the last one set wins.</value>
    public ErrorDialect Dialect
    {
        get => _dialect;
        set
        {
            _dialect = value;
            DialectName = null;
        }
    }

    /// <summary>
    /// The name of the dialect used where an endpoint does not choose one: a built-in one or one registered with
    /// <see cref="AddDialect(ApiErrorDialect)"/>. The configuration key <c>ApiErrors:Dialect</c> sets this (or
    /// <see cref="Dialect"/> for a built-in name); any other value fails at startup.
    /// </summary>
    /// <value>Default: <see langword="null"/>, which uses <see cref="Dialect"/>.</value>
    public string? DialectName { get; set; }

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
    /// Whether a request whose <c>Accept</c> header prefers <c>application/problem+json</c> (or the own media type of
    /// a registered dialect, <see cref="ApiErrorDialect.AcceptMediaType"/>) gets that dialect, whatever the endpoint
    /// or global dialect. The header is parsed with its q-values: <c>application/problem+json;q=0</c> never selects it,
    /// and a plain JSON type listed with a higher quality wins.
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

    /// <summary>
    /// The claim whose value is the quota account of a request (<see cref="QuotaFreezeContext.AccountId"/>). When
    /// <see langword="null"/>, the account is the first of: the <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>
    /// claim (the API key's owner; a JWT's <c>sub</c> as JwtBearer maps it by default), the <c>sub</c> claim (JwtBearer
    /// with <c>MapInboundClaims = false</c>, OpenID Connect), the authenticated identity's name. When set (for example
    /// <c>"tenant_id"</c> or <c>"azp"</c> to charge an organisation or a client rather than a user), only that claim is read;
    /// a request without it is anonymous.
    /// </summary>
    /// <value>Default: <see langword="null"/>.</value>
    public string? QuotaAccountClaimType { get; set; }

    /// <summary>
    /// Whether the log line of an error that came from an exception is written (<c>ServerError</c> at Error for 5xx,
    /// <c>ClientError</c> at Debug for 4xx, <c>StreamErrorWritten</c>, <c>ResponseStarted</c>), given the request, the
    /// exception and the error written; Hellang's <c>ShouldLogUnhandledException</c>. It only suppresses: the level
    /// still follows the status, the error is still counted, and errors without an exception (a status, a refusal) and
    /// failures of the library itself (<c>WriteFailed</c>) are always logged. A predicate that throws counts as
    /// <see langword="true"/>.
    /// </summary>
    /// <value>Default: <see langword="null"/>: every error is logged.</value>
    public Func<HttpContext, Exception, ResolvedError, bool>? ShouldLogException { get; set; }

    /// <summary>
    /// Whether the library answers the exceptions the framework's <c>UseExceptionHandler()</c> catches (through the
    /// <c>IExceptionHandler</c> <c>AddApiErrors()</c> registers, after the application's handlers). Turn it off in an app
    /// that renders an error page (<c>UseExceptionHandler("/Error")</c>) for the parts outside <c>UseApiErrors()</c>
    /// (for example <c>app.UseWhen(c =&gt; c.Request.Path.StartsWithSegments("/api"), b =&gt; b.UseApiErrors())</c>):
    /// then only <c>UseApiErrors()</c> answers, and the framework's middleware goes on to its page.
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool AnswerInUseExceptionHandler { get; set; } = true;

    internal IReadOnlyList<ExceptionMapping> GetMappings() => _mappings;

    internal IReadOnlyList<ApiErrorDialect> GetDialects() => _dialects;

    /// <summary>
    /// Registers a dialect of the application's own, selectable by its <see cref="ApiErrorDialect.Name"/> like a
    /// built-in one (<see cref="DialectName"/>, <c>ApiErrors:Dialect</c>, <c>WithErrorDialect("name")</c>,
    /// <c>[ErrorDialect("name")]</c>).
    /// </summary>
    /// <param name="dialect">The dialect.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentException">A dialect with the same name (case-insensitive) is already registered, or the name
    /// is a built-in one; or the dialect breaks a rule every dialect keeps: its name is letters, digits, <c>.</c>,
    /// <c>_</c> or <c>-</c>; its content type is JSON; its catalog is BusinessCode or Wanqing; its own media type (if
    /// any) is not a plain JSON or wildcard type that would take over every client.</exception>
    public ApiErrorsOptions AddDialect(ApiErrorDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ErrorDialectRegistry.Validate(dialect);
        if (ErrorDialectRegistry.BuiltInNames.Contains(dialect.Name, StringComparer.OrdinalIgnoreCase)
            || _dialects.Exists(d => string.Equals(d.Name, dialect.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A dialect named '{dialect.Name}' is already registered.", nameof(dialect));
        }

        _dialects.Add(dialect);
        return this;
    }

    /// <summary>Maps exceptions of a type to a failure kind. Mappings are tried in order; the first match wins.</summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="kind">The failure.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Map<TException>(ErrorKind kind)
        where TException : Exception
    {
        _ = new ApiException(kind); // the same check as throwing it: fails here, at startup, not per request
        return Map<TException>(_ => new ApiException(kind));
    }

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
        return Add(ExceptionMapping.Map(typeof(TException), (_, ex) => FromMapped(mapping((TException)ex), ex)));
    }

    /// <summary>
    /// Maps exceptions of a type with a function of the request and the exception returning the
    /// <see cref="ApiException"/> to write, or <see langword="null"/> to let the next mapping (or the built-in rules)
    /// decide (Hellang's <c>Map&lt;TException&gt;(Func&lt;HttpContext, TException, ProblemDetails?&gt;)</c>, whose
    /// <see langword="null"/> meant "rethrow": that is <see cref="Rethrow{TException}(Func{HttpContext, TException, bool})"/> here).
    /// </summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="mapping">The mapping function.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Map<TException>(Func<HttpContext, TException, ApiException?> mapping)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return Add(ExceptionMapping.Map(typeof(TException), (context, ex) => context is null ? null : FromMapped(mapping(context, (TException)ex), ex)));
    }

    /// <summary>
    /// Maps exceptions of a type with a function returning a framework <see cref="ProblemDetails"/>, as
    /// Hellang.Middleware.ProblemDetails' <c>Map</c> did, or <see langword="null"/> to let the next mapping (or the
    /// built-in rules) decide. The problem's <c>Status</c> (500 when <see langword="null"/>) picks the documented row
    /// closest to it; its <c>Detail</c> is the specific message; its <c>Title</c>, <c>Type</c>, <c>Instance</c> and
    /// extensions are written by the ProblemDetails dialect, and the extensions by the others too (BusinessCode: in
    /// <c>data</c>; Wanqing: members of <c>error</c>). A status outside 400-599 is a mapping failure
    /// (<c>ExceptionMappingFailed</c>): the next mapping decides.
    /// </summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="mapping">The mapping function.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions MapToProblemDetails<TException>(Func<HttpContext, TException, ProblemDetails?> mapping)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return Add(ExceptionMapping.Map(typeof(TException), (context, ex) =>
        {
            if (context is null || mapping(context, (TException)ex) is not { } problem)
            {
                return null;
            }

            var status = problem.Status ?? StatusCodes.Status500InternalServerError;
            if (status is < 400 or > 599)
            {
                throw new InvalidOperationException($"The ProblemDetails mapped from {typeof(TException).Name} has the status {status}; an error's status is 400-599.");
            }

            return ProblemDetailsConversion.FromProblem(problem, status, problem.Detail, ex, context);
        }));
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

        return Add(ExceptionMapping.Map(typeof(TException), (_, ex) =>
            new ApiError { Kind = ErrorCodes.ErrorKindForStatus(statusCode), StatusCode = statusCode, Exception = ex }));
    }

    /// <summary>
    /// Lets exceptions of a type pass through <c>UseApiErrors()</c> untouched (rethrown, nothing written), for a
    /// middleware further out to handle (Hellang's <c>Ignore&lt;TException&gt;()</c>).
    /// </summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Rethrow<TException>()
        where TException : Exception =>
        Add(ExceptionMapping.Rethrow(typeof(TException), static (_, _) => true));

    /// <summary>
    /// Lets exceptions of a type for which <paramref name="predicate"/> is <see langword="true"/> pass through
    /// <c>UseApiErrors()</c> untouched (rethrown, nothing written); for the others the next entry decides. Entries are
    /// tried in the order they were added, mappings and rethrow rules alike. A predicate that throws is logged
    /// (<c>ExceptionMappingFailed</c>) and counts as <see langword="false"/>.
    /// </summary>
    /// <typeparam name="TException">The exception type (subclasses match too).</typeparam>
    /// <param name="predicate">Whether this request's exception passes through.</param>
    /// <returns>These options.</returns>
    public ApiErrorsOptions Rethrow<TException>(Func<HttpContext, TException, bool> predicate)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Add(ExceptionMapping.Rethrow(typeof(TException), (context, ex) => context is not null && predicate(context, (TException)ex)));
    }

    private ApiErrorsOptions Add(ExceptionMapping mapping)
    {
        _mappings.Add(mapping);
        return this;
    }

    private static ApiError? FromMapped(ApiException? mapped, Exception original) =>
        mapped is null ? null : ApiError.FromException(mapped, original);
}
