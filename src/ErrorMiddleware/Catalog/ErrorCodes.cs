using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ErrorMiddleware;

/// <summary>
/// The rows of both error documents, verbatim, plus the derived rows. Each row names the portable failures
/// (<see cref="ErrorKind"/>) it serves; every lookup is derived from the rows.
/// </summary>
public static partial class ErrorCodes
{
    private static readonly ConcurrentDictionary<(ErrorDialect, int), ErrorCode> s_derived = new();

    /// <summary>Every row of both documents, and the derived rows, in document order.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } = [.. Business.All, .. Wanqing.All];

    /// <summary>
    /// The documented row for a failure in a catalog (<see cref="ErrorDialect.ProblemDetails"/> uses the BusinessCode
    /// rows), read from the rows themselves: each row lists the kinds it serves. A kind no row serves resolves to the
    /// catalog's internal-error row. This ignores the application's overrides; the pipeline resolves through them.
    /// </summary>
    internal static ErrorCode For(ErrorKind kind, ErrorDialect dialect)
    {
        var index = CatalogIndex.Of(dialect);
        if (index.ByKind.TryGetValue(kind, out var row))
        {
            return row;
        }

        if (kind == ErrorKind.None)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The Wanqing document has no success row.");
        }

        return index.InternalError;
    }

    /// <summary>
    /// The row for a body-less error status: the row of that catalog marked as its status's default (the documented
    /// row closest in meaning), else a derived row (status × 1000; Wanqing: the reason phrase).
    /// The response keeps its own status whatever the row's status is.
    /// </summary>
    internal static ErrorCode ForStatus(int statusCode, ErrorDialect dialect)
    {
        var catalog = dialect == ErrorDialect.Wanqing ? ErrorDialect.Wanqing : ErrorDialect.BusinessCode;
        return CatalogIndex.Of(catalog).ByStatus.TryGetValue(statusCode, out var row)
            ? row
            : s_derived.GetOrAdd((catalog, statusCode), static key => key.Item1 == ErrorDialect.Wanqing
                ? DerivedWanqing(ErrorKindForStatus(key.Item2), key.Item2, statusDefault: false)
                : DerivedBusiness(key.Item2));
    }

    /// <summary>The portable kind of a bare status: the kind of the row either catalog gives that status.</summary>
    internal static ErrorKind ErrorKindForStatus(int statusCode) =>
        CatalogIndex.Business.ByStatus.TryGetValue(statusCode, out var row) || CatalogIndex.Wanqing.ByStatus.TryGetValue(statusCode, out row)
            ? row.Kind
            : statusCode >= 500 ? ErrorKind.InternalError : ErrorKind.Custom;

    internal static string ReasonPhrase(int statusCode)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(statusCode);
        return string.IsNullOrEmpty(phrase) ? "Error " + statusCode.ToString(CultureInfo.InvariantCulture) : phrase;
    }

    private static ErrorCode DerivedBusiness(int status) =>
        new(ErrorDialect.BusinessCode, ErrorKindForStatus(status), status, (status * 1000).ToString(CultureInfo.InvariantCulture), ReasonPhrase(status),
            $"Derived: the document names no code for HTTP {status}; code = status × 1000.", isDerived: true, [], defaultForStatus: null);

    private static ErrorCode DerivedWanqing(ErrorKind kind, int status, bool statusDefault)
    {
        var phrase = ReasonPhrase(status);
        return new(ErrorDialect.Wanqing, kind, status, phrase, phrase,
            $"Derived: the document has no row for HTTP {status}; code = the reason phrase.", isDerived: true,
            statusDefault ? [kind] : [], statusDefault ? status : null);
    }

    private static ErrorKind[] Serves(ErrorKind kind, ErrorKind[]? also) => also is null ? [kind] : [kind, .. also];

    /// <summary>The lookups of one catalog, built once from its rows.</summary>
    private sealed class CatalogIndex
    {
        public static readonly CatalogIndex Business = new(ErrorCodes.Business.All, ErrorCodes.Business.InternalServerError);
        public static readonly CatalogIndex Wanqing = new(ErrorCodes.Wanqing.All, ErrorCodes.Wanqing.InternalServerError);

        private CatalogIndex(ErrorCode[] rows, ErrorCode internalError)
        {
            var byKind = new Dictionary<ErrorKind, ErrorCode>();
            var byStatus = new Dictionary<int, ErrorCode>();
            foreach (var row in rows)
            {
                foreach (var kind in row.ServedKinds)
                {
                    if (!byKind.TryAdd(kind, row))
                    {
                        throw new InvalidOperationException($"Two rows serve {kind}: {byKind[kind]} and {row}.");
                    }
                }

                if (row.DefaultForStatus is { } status && !byStatus.TryAdd(status, row))
                {
                    throw new InvalidOperationException($"Two rows are the default of HTTP {status}: {byStatus[status]} and {row}.");
                }
            }

            ByKind = byKind.ToFrozenDictionary();
            ByStatus = byStatus.ToFrozenDictionary();
            InternalError = internalError;
        }

        public FrozenDictionary<ErrorKind, ErrorCode> ByKind { get; }

        public FrozenDictionary<int, ErrorCode> ByStatus { get; }

        public ErrorCode InternalError { get; }

        public static CatalogIndex Of(ErrorDialect dialect) => dialect == ErrorDialect.Wanqing ? Wanqing : Business;
    }
}
