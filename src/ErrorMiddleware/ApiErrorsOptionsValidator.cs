using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Checks <see cref="ApiErrorsOptions"/> at startup, so a misconfiguration fails fast with a clear message.</summary>
internal sealed class ApiErrorsOptionsValidator : IValidateOptions<ApiErrorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiErrorsOptions options)
    {
        List<string>? failures = null;
        if (!Enum.IsDefined(options.Dialect))
        {
            (failures ??= []).Add($"ApiErrors:Dialect '{(int)options.Dialect}' is not a dialect. Use one of: {string.Join(", ", KnownDialects(options))}.");
        }

        if (options.DialectName is { } dialectName && !KnownDialects(options).Contains(dialectName, StringComparer.OrdinalIgnoreCase))
        {
            (failures ??= []).Add($"ApiErrors:Dialect '{dialectName}' is not a dialect. Use one of: {string.Join(", ", KnownDialects(options))}.");
        }

        if (!Enum.IsDefined(options.ExceptionDetails))
        {
            (failures ??= []).Add($"ApiErrors:ExceptionDetails '{(int)options.ExceptionDetails}' is not one of Development, Never, Always.");
        }

        if (string.IsNullOrWhiteSpace(options.RequestIdHeaderName))
        {
            (failures ??= []).Add("ApiErrors:RequestIdHeaderName must not be empty.");
        }

        if (options.QuotaAccountClaimType is { } claimType && string.IsNullOrWhiteSpace(claimType))
        {
            (failures ??= []).Add("ApiErrors:QuotaAccountClaimType must be a claim type (for example sub) or left unset.");
        }

        Check(options.BusinessCodeOverrides, ErrorDialect.BusinessCode, "BusinessCodeOverrides", ref failures);
        Check(options.WanqingOverrides, ErrorDialect.Wanqing, "WanqingOverrides", ref failures);
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> KnownDialects(ApiErrorsOptions options) =>
        ErrorDialectRegistry.BuiltInNames.Concat(options.GetDialects().Select(static d => d.Name));

    private static void Check(IDictionary<ErrorKind, ErrorCodeOverride> overrides, ErrorDialect dialect, string section, ref List<string>? failures)
    {
        foreach (var (kind, value) in overrides)
        {
            if (value is null)
            {
                (failures ??= []).Add($"ApiErrors:{section}:{kind} is empty.");
            }
            else if (ErrorCatalog.Validate(kind, value, dialect) is { } problem)
            {
                (failures ??= []).Add($"ApiErrors:{section}: {problem}");
            }
        }
    }
}
