namespace ErrorMiddleware;

/// <summary>The request could not be bound (bad JSON, wrong type): BusinessCode 400 / 100001, Wanqing 400 InvalidArgument.RequestBodyInvalid.</summary>
public class RequestBindingException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RequestBindingException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.RequestBodyInvalid, message, innerException)
    {
    }
}
