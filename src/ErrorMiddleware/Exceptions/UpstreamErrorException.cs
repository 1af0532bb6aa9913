namespace ErrorMiddleware;

/// <summary>An upstream or proxied call failed: BusinessCode 500 / 500003, Wanqing 502 Bad Gateway.</summary>
public class UpstreamErrorException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public UpstreamErrorException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.UpstreamError, message, innerException)
    {
    }
}
