namespace ErrorMiddleware;

/// <summary>The server is overloaded: BusinessCode 500 / 530002, Wanqing 503 Service Unavailable.</summary>
public class ServerBusyException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ServerBusyException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.ServerBusy, message, innerException)
    {
    }
}
