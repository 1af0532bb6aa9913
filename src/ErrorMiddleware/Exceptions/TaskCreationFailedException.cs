namespace ErrorMiddleware;

/// <summary>An asynchronous task could not be created: BusinessCode 500 / 500004, Wanqing 500 InternalServerError.</summary>
public class TaskCreationFailedException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TaskCreationFailedException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.TaskCreationFailed, message, innerException)
    {
    }
}
