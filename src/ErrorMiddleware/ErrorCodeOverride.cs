namespace ErrorMiddleware;

/// <summary>
/// Replaces parts of the row a failure kind resolves to in one dialect (configuration:
/// <c>ApiErrors:BusinessCodeOverrides:QuotaExceeded:Code</c>).
/// </summary>
public sealed class ErrorCodeOverride
{
    /// <summary>The code to write instead (digits for BusinessCode).</summary>
    /// <value>Default: <see langword="null"/> (keep the documented code).</value>
    public string? Code { get; set; }

    /// <summary>The HTTP status to answer with instead (400-599).</summary>
    /// <value>Default: <see langword="null"/> (keep the documented status).</value>
    public int? StatusCode { get; set; }

    /// <summary>The message to write instead.</summary>
    /// <value>Default: <see langword="null"/> (keep the documented message).</value>
    public string? Message { get; set; }
}
