using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// An output format for errors. The three built-in dialects (<see cref="ErrorDialect"/>) are implementations of
/// this type; an application registers its own with <see cref="ApiErrorsOptions.AddDialect(ApiErrorDialect)"/> and
/// selects it by name exactly like a built-in one: <c>ApiErrors:Dialect</c> in configuration,
/// <see cref="ApiErrorsOptions.DialectName"/>, <c>WithErrorDialect("name")</c> or <c>[ErrorDialect("name")]</c>.
/// </summary>
/// <remarks>
/// A dialect owns everything that differs between formats: the content type, which catalog's rows it writes and
/// which row a failure gets, how the message is composed, the headers it adds, the body, the fixed fallback body
/// written when writing an error fails, and the JSON schema of its body for OpenAPI documents. Instances are shared
/// by every request and must be thread-safe; they should hold no per-request state.
/// </remarks>
public abstract class ApiErrorDialect
{
    private static readonly JsonWriterOptions s_fallbackWriterOptions = new() { Encoder = ErrorJsonEncoder.Instance };
    private byte[]? _fallback;

    /// <summary>Creates a dialect.</summary>
    /// <param name="name">The name the dialect is selected by (case-insensitive), for example <c>"Aip193"</c>.</param>
    protected ApiErrorDialect(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>A built-in dialect, with its documented fallback body.</summary>
    internal ApiErrorDialect(ErrorDialect builtIn, string fallbackJson)
        : this(builtIn.ToString())
    {
        _fallback = Encoding.UTF8.GetBytes(fallbackJson);
    }

    /// <summary>A built-in dialect, for a dialect of your own that wraps it (adds a header, a member, a different row).</summary>
    /// <param name="dialect">The built-in dialect.</param>
    /// <returns>The shared instance.</returns>
    public static ApiErrorDialect BuiltIn(ErrorDialect dialect) => ErrorDialectRegistry.BuiltIn(dialect);

    /// <summary>The name the dialect is selected by.</summary>
    public string Name { get; }

    /// <summary>The <c>Content-Type</c> of its error responses.</summary>
    /// <value>Default: <c>application/json; charset=utf-8</c>.</value>
    public virtual string ContentType => "application/json; charset=utf-8";

    /// <summary>
    /// A media type of its own that a client may ask for in <c>Accept</c> to get this dialect, when
    /// <see cref="ApiErrorsOptions.HonorProblemDetailsAccept"/> is on (ProblemDetails: <c>application/problem+json</c>).
    /// </summary>
    /// <value>Default: <see langword="null"/> (not selectable by <c>Accept</c>).</value>
    public virtual string? AcceptMediaType => null;

    /// <summary>
    /// The catalog whose rows (codes, messages and statuses) the dialect writes, with the application's overrides:
    /// <see cref="ErrorDialect.BusinessCode"/> or <see cref="ErrorDialect.Wanqing"/>.
    /// </summary>
    /// <value>Default: <see cref="ErrorDialect.BusinessCode"/>.</value>
    public virtual ErrorDialect Catalog => ErrorDialect.BusinessCode;

    /// <summary>
    /// The fixed body written when writing an error fails (an exception in a callback or in <see cref="WriteBody"/>).
    /// It must never fail: the default is computed once from <see cref="WriteBody"/> for an internal error, and is a
    /// minimal JSON object when that throws.
    /// </summary>
    public virtual ReadOnlyMemory<byte> FallbackBody => _fallback ??= ComputeFallback();

    /// <summary>The portable failure whose row is written, where the dialect's document distinguishes more than the classification did.</summary>
    /// <param name="kind">The classified failure.</param>
    /// <param name="fields">The failed fields.</param>
    /// <returns>The kind whose row is written; by default <paramref name="kind"/>.</returns>
    public virtual ErrorKind SelectKind(ErrorKind kind, IReadOnlyList<FieldError> fields) => kind;

    /// <summary>
    /// Composes the message when the application chose none: by default the row's message, prefixed to the field
    /// messages for binding and validation failures ("Parameter validation failed: 'prompt' must not be empty."),
    /// with placeholders such as <c>{CustomerId}</c> filled from <see cref="ResolvedError.Extensions"/>.
    /// </summary>
    /// <param name="error">The error, whose <see cref="ResolvedError.Message"/> is still the row's message.</param>
    /// <returns>The message to write.</returns>
    public virtual string ComposeMessage(ResolvedError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Fields.Count != 0 && error.Kind is ErrorKind.ValidationFailed or ErrorKind.RequiredParameterMissing or ErrorKind.RequestBodyInvalid or ErrorKind.RequestBodyMissing)
        {
            return ErrorMessages.Join(error.Code.ShortMessage, ": ", error.Fields);
        }

        return ErrorMessages.FillPlaceholders(error.Code, error.Extensions);
    }

    /// <summary>
    /// Adds the dialect's own headers. The writer has already set <c>Cache-Control</c>, the request id,
    /// <c>X-Content-Type-Options</c> and <c>Retry-After</c> (from <see cref="ResolvedError.RetryAfter"/>).
    /// </summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="error">The error.</param>
    public virtual void ApplyHeaders(IHeaderDictionary headers, ResolvedError error)
    {
    }

    /// <summary>
    /// Writes the whole JSON document of the error. It must not write anything else and must not flush. It also runs
    /// for the OpenAPI examples and the fallback body, with a <see cref="DefaultHttpContext"/> that has no
    /// <c>RequestServices</c>: read only the request's own data from <paramref name="context"/>.
    /// </summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="error">The error.</param>
    /// <param name="context">The request (for trace ids and the like); read it, do not write to its response.</param>
    public abstract void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context);

    /// <summary>
    /// The JSON Schema of the body, used by the OpenAPI integration; <see langword="null"/> for an untyped object.
    /// The subset understood is <c>type</c> (a name or a list of names), <c>description</c>, <c>format</c>,
    /// <c>required</c>, <c>properties</c>, <c>items</c> and <c>additionalProperties</c>.
    /// </summary>
    /// <returns>A new schema object.</returns>
    public virtual JsonObject? CreateSchema() => null;

    /// <inheritdoc />
    public override string ToString() => Name;

    private byte[] ComputeFallback()
    {
        try
        {
            var row = ErrorCodes.For(ErrorKind.InternalError, Catalog);
            var error = new ResolvedError
            {
                Dialect = Name,
                Kind = ErrorKind.InternalError,
                Code = row,
                StatusCode = StatusCodes.Status500InternalServerError,
                Message = row.Message,
                RequestId = string.Empty,
                Instance = "/",
            };
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, s_fallbackWriterOptions))
            {
                WriteBody(json, error, new DefaultHttpContext());
            }

            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception)
        {
            return Encoding.UTF8.GetBytes("{\"error\":\"Internal server error\"}");
        }
    }
}
