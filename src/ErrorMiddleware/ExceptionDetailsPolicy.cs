namespace ErrorMiddleware;

/// <summary>When exception details are written into 5xx error responses.</summary>
public enum ExceptionDetailsPolicy
{
    /// <summary>Only when the host environment is Development.</summary>
    Development = 0,

    /// <summary>Never.</summary>
    Never = 1,

    /// <summary>Always (not for production).</summary>
    Always = 2,
}
