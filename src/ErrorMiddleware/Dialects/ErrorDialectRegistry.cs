using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Every dialect the application can select, by name: the three built-in ones and those registered with
/// <see cref="ApiErrorsOptions.AddDialect(ApiErrorDialect)"/>. The only place that maps <see cref="ErrorDialect"/>
/// values to their implementations.
/// </summary>
internal sealed class ErrorDialectRegistry
{
    private static readonly ApiErrorDialect[] s_builtIn = [BusinessCodeDialect.Instance, WanqingDialect.Instance, ProblemDetailsDialect.Instance];

    private readonly FrozenDictionary<string, ApiErrorDialect> _byName;

    public ErrorDialectRegistry(IOptions<ApiErrorsOptions> options)
    {
        var value = options.Value;
        var byName = new Dictionary<string, ApiErrorDialect>(StringComparer.OrdinalIgnoreCase);
        foreach (var dialect in s_builtIn)
        {
            byName[dialect.Name] = dialect;
        }

        foreach (var dialect in value.GetDialects())
        {
            byName[dialect.Name] = dialect;
        }

        _byName = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        All = [.. _byName.Values];
        Selectable = [.. All.Where(static d => d.AcceptMediaType is not null)];
        Default = value.DialectName is { } name ? Get(name) : BuiltIn(value.Dialect);
    }

    /// <summary>The names of the built-in dialects, in <see cref="ErrorDialect"/> order.</summary>
    public static IEnumerable<string> BuiltInNames => s_builtIn.Select(static d => d.Name);

    /// <summary>The dialect used where nothing else chooses one.</summary>
    public ApiErrorDialect Default { get; }

    public IReadOnlyList<ApiErrorDialect> All { get; }

    /// <summary>The dialects a client can ask for with its <c>Accept</c> header.</summary>
    public IReadOnlyList<ApiErrorDialect> Selectable { get; }

    public static ApiErrorDialect BuiltIn(ErrorDialect dialect) => (uint)dialect < (uint)s_builtIn.Length
        ? s_builtIn[(int)dialect]
        : throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Not one of BusinessCode, Wanqing, ProblemDetails.");

    public bool TryGet(string name, out ApiErrorDialect dialect) => _byName.TryGetValue(name, out dialect!);

    public ApiErrorDialect Get(string name) => _byName.TryGetValue(name, out var dialect)
        ? dialect
        : throw new InvalidOperationException(
            $"No error dialect is named '{name}'. Known: {string.Join(", ", _byName.Keys)}. Register one with ApiErrorsOptions.AddDialect().");
}
