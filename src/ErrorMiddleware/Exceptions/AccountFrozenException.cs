namespace ErrorMiddleware;

/// <summary>The account is frozen: BusinessCode 403 / 403000, Wanqing 403 Forbidden.Frozen.</summary>
public class AccountFrozenException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A specific message for the client; the documented message when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public AccountFrozenException(string? message = null, Exception? innerException = null)
        : base(ErrorKind.AccountFrozen, message, innerException)
    {
    }
}
