namespace ErrorMiddleware;

/// <summary>The quota or balance is exhausted: <see cref="ErrorKind.QuotaExceeded"/>; the row each dialect writes for it is in <see cref="ErrorCodes"/> (docs/errors.md).</summary>
public class QuotaExceededException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public QuotaExceededException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.QuotaExceeded, message, innerException)
    {
    }
}
