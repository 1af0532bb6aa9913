namespace ErrorMiddleware;

/// <summary>The service is unavailable: BusinessCode 500 / 500001, Wanqing 503 Service Unavailable.</summary>
public class ServiceUnavailableException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ServiceUnavailableException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.ServiceUnavailable, message, innerException)
    {
    }
}
