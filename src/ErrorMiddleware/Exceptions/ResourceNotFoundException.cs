namespace ErrorMiddleware;

/// <summary>The resource does not exist: <see cref="ErrorKind.NotFound"/>; the row each dialect writes for it is in <see cref="ErrorCodes"/> (docs/errors.md).</summary>
public class ResourceNotFoundException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ResourceNotFoundException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.NotFound, message, innerException)
    {
    }
}
