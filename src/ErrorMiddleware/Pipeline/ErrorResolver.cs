using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Resolves an <see cref="ApiError"/> against the catalog for one dialect: the row (the application's overrides
/// applied), the status, the field the error is about, the message (the application's, else the dialect's), and
/// whether exception details are shown.
/// </summary>
internal sealed class ErrorResolver
{
    private readonly ApiErrorsOptions _options;
    private readonly ErrorCatalog _catalog;
    private readonly bool _isDevelopment;

    public ErrorResolver(IOptions<ApiErrorsOptions> options, IHostEnvironment? environment = null)
    {
        _options = options.Value;
        _catalog = new ErrorCatalog(_options);
        _isDevelopment = environment?.IsDevelopment() ?? false;
    }

    public ResolvedError Resolve(HttpContext context, ApiError error, ApiErrorDialect dialect)
    {
        var (row, statusCode) = Row(error, dialect);
        var specific = SpecificMessage(error, row) is { Length: > 0 } chosen ? chosen : null;
        var fields = error.Fields;
        var param = row.Kind == ErrorKind.RequiredParameterMissing ? FirstMissing(fields) ?? FirstField(fields) : FirstField(fields);
        var resolved = new ResolvedError
        {
            Dialect = dialect.Name,
            Kind = error.Kind,
            Code = row,
            StatusCode = statusCode,
            Message = specific ?? row.Message,
            Param = string.IsNullOrEmpty(param) ? null : param,
            Fields = fields,
            Extensions = error.Details,
            RequestId = context.TraceIdentifier,
            Instance = FieldNameResolver.Cap(error.Instance ?? context.Request.PathBase.Add(context.Request.Path).Value ?? "/"),
            RetryAfter = error.RetryAfter,
            ExceptionDetails = error.Exception is { } exception && IsFault(exception) && IncludeDetails(context, exception) ? exception : null,
            ProblemType = error.ProblemType,
            ProblemTitle = error.ProblemTitle,
        };

        if (specific is not null)
        {
            return resolved; // the application's own message
        }

        // Most errors keep the row's message as it is: copy the record only when the dialect composed another one.
        var composed = dialect.ComposeMessage(resolved);
        return ReferenceEquals(composed, resolved.Message) ? resolved : resolved with { Message = composed };
    }

    /// <summary>The row a dialect writes for the error, and the status written with it.</summary>
    private (ErrorCode Row, int StatusCode) Row(ApiError error, ApiErrorDialect dialect)
    {
        var catalog = ErrorCatalog.CatalogDialect(dialect.Catalog);
        if (error.Code is { } code)
        {
            if (code.Dialect == catalog)
            {
                // A documented row thrown as is still gets the application's override of its kind.
                return code.Kind != ErrorKind.Custom && ReferenceEquals(code, ErrorCodes.For(code.Kind, catalog))
                    ? Documented(_catalog.For(code.Kind, catalog))
                    : (code, code.StatusCode);
            }

            // An application row written in another catalog keeps its status and takes that catalog's row for it.
            return code.Kind == ErrorKind.Custom
                ? (_catalog.ForStatus(code.StatusCode, catalog), code.StatusCode)
                : Documented(_catalog.For(code.Kind, catalog));
        }

        if (error.StatusCode is { } bareStatus)
        {
            return (_catalog.ForStatus(bareStatus, catalog), bareStatus);
        }

        return Documented(_catalog.For(dialect.SelectKind(error.Kind, error.Fields), catalog));

        static (ErrorCode, int) Documented(ErrorCode row) => (row, row.StatusCode);
    }

    /// <summary>
    /// The message the application chose: the error's own, or the message of an application-defined row written
    /// in another catalog (its text was chosen by the application, so it travels).
    /// </summary>
    private static string? SpecificMessage(ApiError error, ErrorCode row) =>
        error.Message ?? (error.Code is { Kind: ErrorKind.Custom } custom && !ReferenceEquals(custom, row) ? custom.Message : null);

    private static string? FirstMissing(IReadOnlyList<FieldError> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].IsMissing)
            {
                return fields[i].Field;
            }
        }

        return null;
    }

    private static string? FirstField(IReadOnlyList<FieldError> fields) => fields.Count == 0 ? null : fields[0].Field;

    /// <summary>
    /// Details describe faults: a domain exception the application threw on purpose has nothing to show,
    /// unless it wraps the fault that caused it.
    /// </summary>
    private static bool IsFault(Exception exception) => exception is not ApiException || exception.InnerException is not null;

    private bool IncludeDetails(HttpContext context, Exception exception)
    {
        if (_options.IncludeExceptionDetails is { } predicate)
        {
            return predicate(context, exception);
        }

        return _options.ExceptionDetails switch
        {
            ExceptionDetailsPolicy.Always => true,
            ExceptionDetailsPolicy.Never => false,
            _ => _isDevelopment,
        };
    }
}
