using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace ErrorMiddleware;

/// <summary>
/// The one funnel: every entry point (middleware, MVC filters, endpoint filters, authorization, rate limiting,
/// the problem-details service) turns its failure into an <see cref="ApiError"/> and writes it here.
/// </summary>
internal sealed class ErrorResponseWriter
{
    private const int MaxOpenAiRetryAfterSeconds = 60;

    private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.Default };

    private static readonly byte[] s_businessFallback = Encoding.UTF8.GetBytes("{\"code\":530003,\"msg\":\"Internal server error\",\"data\":null}");
    private static readonly byte[] s_wanqingFallback = Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The request processing has failed due to some unknown error.\",\"type\":\"server_error\",\"param\":null}}");
    private static readonly byte[] s_problemFallback = Encoding.UTF8.GetBytes("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.6.1\",\"title\":\"An error occurred while processing your request.\",\"status\":500,\"code\":530003}");

    private readonly ApiErrorsOptions _options;
    private readonly ErrorCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ErrorMetrics _metrics;
    private readonly bool _isDevelopment;

    public ErrorResponseWriter(IOptions<ApiErrorsOptions> options, ILogger<ErrorResponseWriter> logger, ErrorMetrics metrics, IHostEnvironment? environment = null)
    {
        _options = options.Value;
        _catalog = new ErrorCatalog(_options);
        _logger = logger;
        _metrics = metrics;
        _isDevelopment = environment?.IsDevelopment() ?? false;
    }

    public ApiErrorsOptions Options => _options;

    /// <summary>
    /// The dialect of a request: Accept problem+json (when enabled), then endpoint metadata (for routing's own 405/415
    /// endpoints, the metadata of the routes matching the path), then the global option.
    /// </summary>
    public ErrorDialect ResolveDialect(HttpContext context)
    {
        if (_options.HonorProblemDetailsAccept && AcceptsProblemJson(context.Request.Headers.Accept))
        {
            return ErrorDialect.ProblemDetails;
        }

        var endpoint = context.GetEndpoint();
        var dialect = endpoint?.Metadata.GetMetadata<ErrorDialectAttribute>()?.Dialect;
        if (dialect is null && endpoint is not null && RejectionEndpointDialect.IsRejection(endpoint))
        {
            dialect = RejectionEndpointDialect.Find(context);
        }

        return dialect ?? _options.Dialect;
    }

    /// <summary>Writes the error as the whole response. The response must not have started.</summary>
    /// <param name="context">The request.</param>
    /// <param name="error">The error.</param>
    /// <param name="clearResponse">Whether to clear what the application set (headers except the allow-list, status).</param>
    public async Task WriteAsync(HttpContext context, ApiError error, bool clearResponse = false)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            ErrorMiddlewareLog.ResponseStarted(_logger, "(unresolved)", error.Exception ?? new InvalidOperationException("The response had already started."));
            return;
        }

        var dialect = ResolveDialect(context);
        int statusCode;
        ReadOnlyMemory<byte> body;
        string contentType;
        try
        {
            var payload = await ResolveAsync(context, error, dialect).ConfigureAwait(false);
            var writer = WriterFor(dialect);
            body = Serialize(writer, payload);
            contentType = writer.ContentType;
            statusCode = payload.StatusCode;

            if (clearResponse)
            {
                ClearResponse(response);
            }

            response.StatusCode = statusCode;
            ApplyHeaders(context, payload, error.RetryAfter);
            LogAndCount(payload, error.Exception);
        }
        catch (Exception failure) when (!response.HasStarted)
        {
            ErrorMiddlewareLog.WriteFailed(_logger, failure);
            statusCode = StatusCodes.Status500InternalServerError;
            body = FallbackBody(dialect);
            contentType = WriterFor(dialect).ContentType;
            TryClearResponse(response);
            response.StatusCode = statusCode;
            response.Headers.CacheControl = "no-store";
            response.Headers[_options.RequestIdHeaderName] = context.TraceIdentifier;
        }

        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        try
        {
            await response.Body.WriteAsync(body, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure) when (context.RequestAborted.IsCancellationRequested || failure is IOException or OperationCanceledException)
        {
            // The client went away while the error was being written: nothing more can be done for it.
            ErrorMiddlewareLog.ClientClosedRequest(_logger, failure);
        }
    }

    /// <summary>
    /// Ends a started <c>text/event-stream</c> response with one error event (<c>data: {json}</c>) in the dialect.
    /// </summary>
    /// <remarks>
    /// The frame starts with a blank line (<c>\n\n</c>): if the application was cut off in the middle of an event,
    /// that event is closed first, so the error always arrives as an event of its own. At an event boundary the
    /// blank lines dispatch nothing (an empty data buffer is never dispatched), so well-formed streams are unaffected.
    /// The JSON is written without indentation and escapes control characters, so it is always one <c>data:</c> line.
    /// </remarks>
    public async Task WriteStreamEventAsync(HttpContext context, ApiError error)
    {
        var dialect = ResolveDialect(context);
        var payload = await ResolveAsync(context, error, dialect).ConfigureAwait(false);
        var frame = EventFrame(Serialize(WriterFor(dialect), payload).Span);
        ErrorMiddlewareLog.StreamErrorWritten(_logger, payload.Row.Code, error.Exception);
        LogAndCount(payload, error.Exception);
        await context.Response.Body.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The bytes of one error event: <c>\n\ndata: {json}\n\n</c>.</summary>
    internal static byte[] EventFrame(ReadOnlySpan<byte> json)
    {
        var frame = new byte[json.Length + 10];
        "\n\ndata: "u8.CopyTo(frame);
        json.CopyTo(frame.AsSpan(8));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>Resolves an error for a dialect: row, status, message, field and details; runs <see cref="ApiErrorsOptions.OnError"/>.</summary>
    public async ValueTask<ErrorPayload> ResolveAsync(HttpContext context, ApiError error, ErrorDialect dialect)
    {
        var payload = Resolve(context, error, dialect);
        if (_options.OnError is null)
        {
            return payload;
        }

        var callbackContext = new ErrorContext
        {
            HttpContext = context,
            Exception = error.Exception,
            Dialect = dialect,
            Code = payload.Row,
            StatusCode = payload.StatusCode,
            Fields = payload.Fields,
            Message = payload.Message,
        };
        await _options.OnError(callbackContext, context.RequestAborted).ConfigureAwait(false);
        if (ReferenceEquals(callbackContext.Message, payload.Message) || callbackContext.Message is null)
        {
            return payload;
        }

        return new ErrorPayload
        {
            Dialect = payload.Dialect,
            Row = payload.Row,
            StatusCode = payload.StatusCode,
            Message = callbackContext.Message,
            Param = payload.Param,
            Fields = payload.Fields,
            Details = payload.Details,
            RequestId = payload.RequestId,
            TraceId = payload.TraceId,
            Instance = payload.Instance,
            ExceptionDetails = payload.ExceptionDetails,
        };
    }

    /// <summary>Resolves an error for a dialect without callbacks.</summary>
    public ErrorPayload Resolve(HttpContext context, ApiError error, ErrorDialect dialect)
    {
        var catalogDialect = ErrorCatalog.CatalogDialect(dialect);
        var fields = error.Fields;
        ErrorCode row;
        int statusCode;
        if (error.Code is { } code)
        {
            if (code.Dialect == catalogDialect)
            {
                row = code;
                statusCode = code.StatusCode;
            }
            else if (code.Kind == ErrorKind.Custom)
            {
                row = _catalog.ForStatus(code.StatusCode, dialect);
                statusCode = code.StatusCode;
            }
            else
            {
                row = _catalog.For(code.Kind, dialect);
                statusCode = row.StatusCode;
            }
        }
        else if (error.StatusCode is { } bareStatus)
        {
            row = _catalog.ForStatus(bareStatus, dialect);
            statusCode = bareStatus;
        }
        else
        {
            var kind = error.Kind;
            if (dialect == ErrorDialect.Wanqing && kind == ErrorKind.ValidationFailed && FirstMissing(fields) is not null)
            {
                kind = ErrorKind.RequiredParameterMissing;
            }

            row = _catalog.For(kind, dialect);
            statusCode = row.StatusCode;
        }

        var param = row.Kind == ErrorKind.RequiredParameterMissing ? FirstMissing(fields)?.Field ?? FirstField(fields) : FirstField(fields);
        if (string.IsNullOrEmpty(param))
        {
            param = null;
        }

        return new ErrorPayload
        {
            Dialect = dialect,
            Row = row,
            StatusCode = statusCode,
            Message = ComposeMessage(error, SpecificMessage(error, row), row, dialect, param),
            Param = param,
            Fields = fields,
            Details = error.Details,
            RequestId = context.TraceIdentifier,
            TraceId = Activity.Current?.Id ?? context.TraceIdentifier,
            Instance = context.Request.PathBase.Add(context.Request.Path).Value ?? "/",
            ExceptionDetails = error.Exception is { } exception && IsUnexpected(exception) && IncludeDetails(context, exception) ? exception : null,
        };
    }

    internal static IErrorDialectWriter WriterFor(ErrorDialect dialect) => dialect switch
    {
        ErrorDialect.Wanqing => WanqingDialectWriter.Instance,
        ErrorDialect.ProblemDetails => ProblemDetailsDialectWriter.Instance,
        _ => BusinessCodeDialectWriter.Instance,
    };

    internal static ReadOnlyMemory<byte> Serialize(IErrorDialectWriter writer, ErrorPayload payload)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            writer.Write(json, payload);
        }

        return buffer.WrittenMemory;
    }

    internal static ReadOnlyMemory<byte> FallbackBody(ErrorDialect dialect) => dialect switch
    {
        ErrorDialect.Wanqing => s_wanqingFallback,
        ErrorDialect.ProblemDetails => s_problemFallback,
        _ => s_businessFallback,
    };

    /// <summary>
    /// The message the application chose: the error's own, or the message of an application-defined row written
    /// in another dialect (its text was chosen by the application, so it travels).
    /// </summary>
    private static string? SpecificMessage(ApiError error, ErrorCode row) =>
        error.Message ?? (error.Code is { Kind: ErrorKind.Custom } custom && !ReferenceEquals(custom, row) ? custom.Message : null);

    private static string ComposeMessage(ApiError error, string? specific, ErrorCode row, ErrorDialect dialect, string? param)
    {
        if (specific is { Length: > 0 })
        {
            return specific;
        }

        var fields = error.Fields;
        if (dialect == ErrorDialect.Wanqing)
        {
            if (row.Kind == ErrorKind.RequiredParameterMissing && param is not null)
            {
                return row.FormatMessage(new Dictionary<string, string>(1) { ["xxx"] = param });
            }

            if (error.Kind == ErrorKind.ValidationFailed && fields.Count != 0)
            {
                return JoinMessages(fields);
            }
        }
        else if (fields.Count != 0 && error.Kind is ErrorKind.ValidationFailed or ErrorKind.RequiredParameterMissing or ErrorKind.RequestBodyInvalid or ErrorKind.RequestBodyMissing)
        {
            return row.ShortMessage + ": " + JoinMessages(fields);
        }

        if (error.Details is { Count: > 0 } details && row.Message.Contains('{', StringComparison.Ordinal))
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in details)
            {
                if (value is not null)
                {
                    values[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }

            return row.FormatMessage(values);
        }

        return row.Message;
    }

    private static string JoinMessages(IReadOnlyList<FieldError> fields)
    {
        if (fields.Count == 1)
        {
            return fields[0].Message;
        }

        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            if (field.Message.Length == 0)
            {
                continue;
            }

            if (builder.Length != 0)
            {
                builder.Append(' ');
            }

            builder.Append(field.Message);
        }

        return builder.ToString();
    }

    private static FieldError? FirstMissing(IReadOnlyList<FieldError> fields)
    {
        foreach (var field in fields)
        {
            if (field.IsMissing)
            {
                return field;
            }
        }

        return null;
    }

    private static string? FirstField(IReadOnlyList<FieldError> fields) => fields.Count == 0 ? null : fields[0].Field;

    private static bool AcceptsProblemJson(StringValues accept)
    {
        foreach (var value in accept)
        {
            if (value is not null && value.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Details describe faults: a domain exception the application threw on purpose has nothing to show,
    /// unless it wraps the fault that caused it.
    /// </summary>
    private static bool IsUnexpected(Exception exception) =>
        exception is not ApiException || exception.InnerException is not null;

    private bool IncludeDetails(HttpContext context, Exception exception)
    {
        if (_options.IncludeExceptionDetails is { } predicate)
        {
            return predicate(context, exception);
        }

        return _options.ExceptionDetails switch
        {
            ExceptionDetailsPolicy.Always => true,
            ExceptionDetailsPolicy.Never => false,
            _ => _isDevelopment,
        };
    }

    private void ApplyHeaders(HttpContext context, ErrorPayload payload, TimeSpan? retryAfter)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers[_options.RequestIdHeaderName] = payload.RequestId;
        if (retryAfter is { } delay && delay > TimeSpan.Zero)
        {
            var seconds = (long)Math.Ceiling(delay.TotalSeconds);
            if (payload.Dialect == ErrorDialect.Wanqing && seconds > MaxOpenAiRetryAfterSeconds)
            {
                seconds = MaxOpenAiRetryAfterSeconds;
            }

            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (payload.Dialect == ErrorDialect.Wanqing)
        {
            var status = payload.StatusCode;
            if (status is >= 400 and < 500 and not 408 and not 409 and not 429)
            {
                headers["x-should-retry"] = "false";
            }
        }
    }

    private void ClearResponse(HttpResponse response)
    {
        List<KeyValuePair<string, StringValues>>? kept = null;
        foreach (var header in response.Headers)
        {
            if (header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || _options.AllowedHeaderNames.Contains(header.Key))
            {
                (kept ??= []).Add(header);
            }
        }

        response.Clear();
        if (kept is not null)
        {
            foreach (var (name, value) in kept)
            {
                response.Headers[name] = value;
            }
        }
    }

    private void TryClearResponse(HttpResponse response)
    {
        try
        {
            ClearResponse(response);
        }
        catch (InvalidOperationException)
        {
            // Already started: the caller's HasStarted check lost a race; nothing else can be cleared.
        }
    }

    private void LogAndCount(ErrorPayload payload, Exception? exception)
    {
        if (payload.StatusCode >= 500)
        {
            ErrorMiddlewareLog.ServerError(_logger, payload.StatusCode, payload.Row.Code, payload.Dialect, exception);
        }
        else
        {
            ErrorMiddlewareLog.ClientError(_logger, payload.StatusCode, payload.Row.Code, payload.Dialect, exception);
        }

        _metrics.ErrorWritten(payload.StatusCode, payload.Row.Code, payload.Dialect);
    }
}
