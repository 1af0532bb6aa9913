namespace ErrorMiddleware;

/// <summary>The inference endpoint is stopped: BusinessCode 400 / 100002, Wanqing 400 InvalidEndpoint.StoppedEndpoint.</summary>
public class EndpointStoppedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public EndpointStoppedException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.EndpointStopped, message, innerException)
    {
    }
}
