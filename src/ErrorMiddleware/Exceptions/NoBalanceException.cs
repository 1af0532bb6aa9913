namespace ErrorMiddleware;

/// <summary>No balance and no resource pack: BusinessCode 402 / 402000, Wanqing 403 UnaccessibleUser.</summary>
public class NoBalanceException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NoBalanceException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.NoBalance, message, innerException)
    {
    }
}
