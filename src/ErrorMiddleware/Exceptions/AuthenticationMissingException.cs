namespace ErrorMiddleware;

/// <summary>No credentials were sent: BusinessCode 401 / 401001, Wanqing 401 Unauthorized.</summary>
public class AuthenticationMissingException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AuthenticationMissingException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.AuthenticationMissing, message, innerException)
    {
    }
}
