using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
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
            if (!byName.TryAdd(dialect.Name, dialect))
            {
                throw new InvalidOperationException($"Two error dialects are named '{dialect.Name}'.");
            }
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

    /// <summary>The rules every dialect keeps, checked when it is registered.</summary>
    public static void Validate(ApiErrorDialect dialect)
    {
        string? problem = null;
        if (!dialect.Name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            problem = $"the name '{dialect.Name}' must be letters, digits, '.', '_' or '-' (it names the OpenAPI schema too)";
        }
        else if (!IsJson(dialect.ContentType))
        {
            problem = $"its content type '{dialect.ContentType}' is not JSON (application/json or a +json type): errors are always JSON";
        }
        else if (dialect.Catalog is not (ErrorDialect.BusinessCode or ErrorDialect.Wanqing))
        {
            problem = $"its catalog must be BusinessCode or Wanqing, not {dialect.Catalog}";
        }
        else if (dialect.AcceptMediaType is { } mediaType
            && (mediaType.Contains('*', StringComparison.Ordinal) || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            problem = $"its own media type '{mediaType}' would select it for every JSON client";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"The dialect '{dialect.Name}' cannot be registered: {problem}.", nameof(dialect));
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    public bool TryGet(string name, [MaybeNullWhen(false)] out ApiErrorDialect dialect) => _byName.TryGetValue(name, out dialect);

    public ApiErrorDialect Get(string name) => _byName.TryGetValue(name, out var dialect)
        ? dialect
        : throw new InvalidOperationException(
            $"No error dialect is named '{name}'. Known: {string.Join(", ", _byName.Keys)}. Register one with ApiErrorsOptions.AddDialect().");
}
