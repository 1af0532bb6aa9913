namespace ErrorMiddleware;

/// <summary>A required body is missing: BusinessCode 400 / 400005, Wanqing 400 InvalidArgument.RequestBodyInvalid.</summary>
public class RequestBodyMissingException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RequestBodyMissingException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.RequestBodyMissing, message, innerException)
    {
    }
}
