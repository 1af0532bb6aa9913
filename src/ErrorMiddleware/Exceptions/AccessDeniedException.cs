namespace ErrorMiddleware;

/// <summary>Access is denied: <see cref="ErrorKind.Forbidden"/>; the row each dialect writes for it is in <see cref="ErrorCodes"/> (docs/errors.md).</summary>
public class AccessDeniedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AccessDeniedException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.Forbidden, message, innerException)
    {
    }
}
