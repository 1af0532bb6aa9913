using System.Collections.Frozen;
using System.Globalization;

namespace ErrorMiddleware;

/// <summary>
/// The catalog as configured: <see cref="ErrorCodes"/> with the application's overrides applied.
/// </summary>
internal sealed class ErrorCatalog
{
    private readonly FrozenDictionary<ErrorKind, ErrorCode> _business;
    private readonly FrozenDictionary<ErrorKind, ErrorCode> _wanqing;

    public ErrorCatalog(ApiErrorsOptions options)
    {
        _business = Build(options.BusinessCodeOverrides, ErrorDialect.BusinessCode);
        _wanqing = Build(options.WanqingOverrides, ErrorDialect.Wanqing);
    }

    /// <summary>The row for a kind in a dialect (ProblemDetails uses the BusinessCode rows).</summary>
    public ErrorCode For(ErrorKind kind, ErrorDialect dialect)
    {
        var overrides = dialect == ErrorDialect.Wanqing ? _wanqing : _business;
        return overrides.Count != 0 && overrides.TryGetValue(kind, out var row) ? row : ErrorCodes.For(kind, CatalogDialect(dialect));
    }

    /// <summary>The row for a bare status in a dialect, with overrides of that row's kind applied.</summary>
    public ErrorCode ForStatus(int statusCode, ErrorDialect dialect)
    {
        var row = ErrorCodes.ForStatus(statusCode, CatalogDialect(dialect));
        var overrides = dialect == ErrorDialect.Wanqing ? _wanqing : _business;
        return overrides.Count != 0 && overrides.TryGetValue(row.Kind, out var replaced) ? replaced : row;
    }

    public static ErrorDialect CatalogDialect(ErrorDialect dialect) =>
        dialect == ErrorDialect.Wanqing ? ErrorDialect.Wanqing : ErrorDialect.BusinessCode;

    /// <summary>Describes what is wrong with an override, or returns <see langword="null"/>.</summary>
    public static string? Validate(ErrorKind kind, ErrorCodeOverride value, ErrorDialect dialect)
    {
        if (kind is ErrorKind.None or ErrorKind.Custom or ErrorKind.ClientClosedRequest or ErrorKind.ConnectionInterrupted)
        {
            return $"{kind} cannot be overridden.";
        }

        if (value.StatusCode is { } status && status is < 400 or > 599)
        {
            return $"the status {status} of {kind} must be between 400 and 599.";
        }

        if (dialect == ErrorDialect.BusinessCode && value.Code is { } code
            && (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) || numeric < 100))
        {
            return $"the business code '{code}' of {kind} must be a number of at least three digits.";
        }

        if (value.Code is { Length: 0 } || value.Message is { Length: 0 })
        {
            return $"the code and message of {kind} must not be empty when set.";
        }

        return null;
    }

    private static FrozenDictionary<ErrorKind, ErrorCode> Build(IDictionary<ErrorKind, ErrorCodeOverride> overrides, ErrorDialect dialect)
    {
        var rows = new Dictionary<ErrorKind, ErrorCode>();
        foreach (var (kind, value) in overrides)
        {
            var documented = ErrorCodes.For(kind, dialect);
            var code = value.Code ?? documented.Code;
            var status = value.StatusCode
                ?? (dialect == ErrorDialect.BusinessCode && value.Code is not null
                    ? ErrorCode.StatusForBusinessCode(int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture))
                    : documented.StatusCode);
            rows[kind] = new ErrorCode(dialect, kind, status, code, value.Message ?? documented.Message,
                "Overridden by the application (documented: " + documented.Code + ").", isDerived: false);
        }

        return rows.ToFrozenDictionary();
    }
}
