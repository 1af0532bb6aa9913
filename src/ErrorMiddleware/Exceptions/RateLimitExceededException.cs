namespace ErrorMiddleware;

/// <summary>
/// A rate limit was exceeded: <see cref="ErrorKind.RateLimited"/>, with <c>Retry-After</c>; the row each dialect writes for it is in <see cref="ErrorCodes"/> (docs/errors.md).
/// </summary>
public class RateLimitExceededException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="retryAfter">When the client may retry; written as <c>Retry-After</c> (whole seconds, rounded up).</param>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    public RateLimitExceededException(TimeSpan? retryAfter = null, string? message = null)
        : base(ErrorKind.RateLimited, message)
    {
        RetryAfter = retryAfter;
    }
}
