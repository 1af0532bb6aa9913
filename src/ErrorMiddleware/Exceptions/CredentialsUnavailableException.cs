namespace ErrorMiddleware;

/// <summary>The credentials are disabled or deleted: BusinessCode 401 / 401002, Wanqing 403 Forbidden (AccessKey ... IS UNAVAILABLE).</summary>
public class CredentialsUnavailableException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CredentialsUnavailableException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.CredentialsUnavailable, message, innerException)
    {
    }
}
