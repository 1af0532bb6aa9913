namespace ErrorMiddleware;

/// <summary>The credentials are invalid: BusinessCode 401 / 401002, Wanqing 400 InvalidArgument.Authorization.</summary>
public class AuthenticationFailedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AuthenticationFailedException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.AuthenticationInvalid, message, innerException)
    {
    }
}
