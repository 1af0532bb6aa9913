using Microsoft.Extensions.Configuration;

namespace ErrorMiddleware;

/// <summary>
/// Binds the <c>ApiErrors</c> section. <c>Dialect</c> is read by name, not by the binder: a built-in name
/// (case-insensitive) sets <see cref="ApiErrorsOptions.Dialect"/>; any other text, numbers included, is taken as the
/// name of a registered dialect (<see cref="ApiErrorsOptions.DialectName"/>), which startup validation rejects with
/// the list of allowed names when no such dialect exists — instead of the binder accepting <c>1</c> or crashing on
/// an unknown name. A blank value (an empty <c>ApiErrors__Dialect=</c>) counts as not set.
/// </summary>
internal static class ApiErrorsConfiguration
{
    private const string DialectKey = "Dialect";

    public static void Bind(IConfigurationSection? section, ApiErrorsOptions options)
    {
        if (section is null || !section.Exists())
        {
            return;
        }

        var dialect = section[DialectKey];
        if (string.IsNullOrWhiteSpace(dialect))
        {
            section.Bind(options);
            return;
        }

        var rest = new ConfigurationBuilder()
            .AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true)
                .Where(static pair => pair.Value is not null && !pair.Key.Equals(DialectKey, StringComparison.OrdinalIgnoreCase)))
            .Build();
        rest.Bind(options);

        dialect = dialect.Trim();
        var builtIn = Enum.GetNames<ErrorDialect>().FirstOrDefault(name => name.Equals(dialect, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            options.Dialect = Enum.Parse<ErrorDialect>(builtIn);
        }
        else
        {
            options.DialectName = dialect;
        }
    }
}
