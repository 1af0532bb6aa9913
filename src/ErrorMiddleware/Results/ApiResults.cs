namespace ErrorMiddleware;

/// <summary>
/// Errors to return instead of throw, in minimal APIs (<see cref="Microsoft.AspNetCore.Http.IResult"/>) and controllers
/// (<see cref="Microsoft.AspNetCore.Mvc.IActionResult"/>): <c>return ApiResults.QuotaExceeded();</c> writes exactly what
/// <c>throw new QuotaExceededException();</c> writes — body, status and headers in the request's dialect, through the
/// same writer, <see cref="ApiErrorsOptions.OnError"/>, log line and metric — without the cost of an exception.
/// </summary>
/// <remarks>
/// Each factory takes the arguments of the matching exception's constructor and rejects what it rejects. The result is
/// written only with <c>AddApiErrors()</c> registered; <c>UseApiErrors()</c> is not needed to write it.
/// </remarks>
public static class ApiResults
{
    // Results are immutable: those without arguments are created once, so that returning one allocates nothing.
    private static readonly QuotaExceededHttpResult s_quotaExceeded = new(new ApiError { Kind = ErrorKind.QuotaExceeded });
    private static readonly RateLimitExceededHttpResult s_rateLimitExceeded = new(new ApiError { Kind = ErrorKind.RateLimited });
    private static readonly ResourceNotFoundHttpResult s_resourceNotFound = new(new ApiError { Kind = ErrorKind.NotFound });
    private static readonly AccessDeniedHttpResult s_accessDenied = new(new ApiError { Kind = ErrorKind.Forbidden });

    /// <summary>A portable failure: what <see cref="ApiException(ErrorKind, string?, Exception?)"/> writes.</summary>
    /// <param name="kind">The failure.</param>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="details">Structured details written with the error, as <see cref="ApiException.Details"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not an error (<see cref="ErrorKind.None"/>,
    /// <see cref="ErrorKind.ClientClosedRequest"/>, <see cref="ErrorKind.ConnectionInterrupted"/>) or is
    /// <see cref="ErrorKind.Custom"/>, which needs its row.</exception>
    public static ApiErrorHttpResult Error(ErrorKind kind, string? message = null, IReadOnlyDictionary<string, object?>? details = null)
    {
        ApiException.EnsureRaisable(kind, nameof(kind));
        return new ApiErrorHttpResult(new ApiError { Kind = kind, Message = message, Details = details });
    }

    /// <summary>One catalog row, written as is in that row's dialect: what <see cref="ApiException(ErrorCode, string?, Exception?)"/> writes.</summary>
    /// <param name="code">The row (a well-known one from <see cref="ErrorCodes"/>, or an application-defined one).</param>
    /// <param name="message">A specific message for the client; the row's message when <see langword="null"/>.</param>
    /// <param name="details">Structured details written with the error, as <see cref="ApiException.Details"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The row's status is not 4xx or 5xx.</exception>
    public static ApiErrorHttpResult Error(ErrorCode code, string? message = null, IReadOnlyDictionary<string, object?>? details = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        ApiException.EnsureRaisable(code, nameof(code));
        return new ApiErrorHttpResult(new ApiError { Kind = code.Kind, Code = code, Message = message, Details = details });
    }

    /// <summary>The quota or balance is exhausted: what <see cref="QuotaExceededException"/> writes.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static QuotaExceededHttpResult QuotaExceeded(string? message = null) =>
        message is null ? s_quotaExceeded : new(new ApiError { Kind = ErrorKind.QuotaExceeded, Message = message });

    /// <summary>A rate limit was exceeded: what <see cref="RateLimitExceededException"/> writes, with <c>Retry-After</c>.</summary>
    /// <param name="retryAfter">When the client may retry; written as <c>Retry-After</c> (whole seconds, rounded up).</param>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static RateLimitExceededHttpResult RateLimitExceeded(TimeSpan? retryAfter = null, string? message = null) =>
        retryAfter is null && message is null
            ? s_rateLimitExceeded
            : new(new ApiError { Kind = ErrorKind.RateLimited, Message = message, RetryAfter = retryAfter });

    /// <summary>Validation failed: what <see cref="ValidationFailedException(IReadOnlyList{FieldError}, string?)"/> writes.</summary>
    /// <param name="fields">The failed fields (at least one).</param>
    /// <param name="message">A specific message; composed from the fields when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> is <see langword="null"/>.</exception>
    public static ValidationFailedHttpResult ValidationFailed(IReadOnlyList<FieldError> fields, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(new ApiError { Kind = ErrorKind.ValidationFailed, Message = message, Fields = fields });
    }

    /// <summary>Validation failed for one field: what <see cref="ValidationFailedException(string, string)"/> writes.</summary>
    /// <param name="field">The field's JSON name.</param>
    /// <param name="message">The message for the client.</param>
    /// <returns>The result.</returns>
    public static ValidationFailedHttpResult ValidationFailed(string field, string message) =>
        ValidationFailed([new FieldError(field, message)]);

    /// <summary>The resource does not exist: what <see cref="ResourceNotFoundException"/> writes.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static ResourceNotFoundHttpResult ResourceNotFound(string? message = null) =>
        message is null ? s_resourceNotFound : new(new ApiError { Kind = ErrorKind.NotFound, Message = message });

    /// <summary>Access is denied: what <see cref="AccessDeniedException"/> writes.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <returns>The result.</returns>
    public static AccessDeniedHttpResult AccessDenied(string? message = null) =>
        message is null ? s_accessDenied : new(new ApiError { Kind = ErrorKind.Forbidden, Message = message });
}
