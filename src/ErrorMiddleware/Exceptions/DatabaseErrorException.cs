namespace ErrorMiddleware;

/// <summary>A database call failed: BusinessCode 500 / 500002, Wanqing 500 InternalServerError.</summary>
public class DatabaseErrorException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public DatabaseErrorException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.DatabaseError, message, innerException)
    {
    }
}
