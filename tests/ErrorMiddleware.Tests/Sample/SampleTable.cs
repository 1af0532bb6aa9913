using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Sample;

/// <summary>
/// The table of the sample's README (<c>samples/SampleApi/README.md</c>), between <c>&lt;!-- sample-table</c> and
/// <c>&lt;!-- /sample-table --&gt;</c>: columns <c>dialect | env | status | code | row | curl | response</c>. Cells hold no <c>|</c>.
/// </summary>
internal static class SampleTable
{
    public const string InformationalCurl = "—";
    public const string InformationalResponse = "not an HTTP response: logged as 499";

    private const string StartMarker = "<!-- sample-table";
    private const string EndMarker = "<!-- /sample-table -->";
    private static readonly string[] s_columns = ["dialect", "env", "status", "code", "row", "curl", "response"];

    /// <summary>The README that holds the table, relative to the repository root.</summary>
    public const string ReadmePath = "samples/SampleApi/README.md";

    public static IReadOnlyList<SampleRow> Rows { get; } = Parse(File.ReadAllText(RepoPaths.Combine(ReadmePath.Split('/'))));

    public static IReadOnlyList<SampleRow> Parse(string readme)
    {
        var start = readme.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{ReadmePath} has no sample table ({StartMarker} ... {EndMarker}).");
        }

        var lines = readme[start..end].Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith('|')).ToList();
        if (lines.Count < 2 || !Cells(lines[0]).SequenceEqual(s_columns) || !lines[1].StartsWith("|---", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The sample table must start with the header | " + string.Join(" | ", s_columns) + " | and its separator.");
        }

        var rows = new List<SampleRow>();
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            if (cells.Length != s_columns.Length)
            {
                throw new InvalidOperationException($"Expected {s_columns.Length} cells, got {cells.Length}: {line}");
            }

            rows.Add(new SampleRow(
                Index: rows.Count + 1,
                Dialect: Enum.Parse<ErrorDialect>(cells[0]),
                Settings: ParseEnv(Unquote(cells[1])),
                Env: Unquote(cells[1]),
                Status: int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture),
                Code: cells[3],
                Row: Unquote(cells[4]),
                Curl: cells[5] == InformationalCurl ? null : Unquote(cells[5]),
                Response: cells[6]));
        }

        return rows;
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();

    /// <summary>A cell in backticks: its content. The response cell may add a remark after the closing backtick.</summary>
    public static string Unquote(string cell)
    {
        if (cell.Length == 0)
        {
            return cell;
        }

        if (cell[0] != '`' || cell.IndexOf('`', 1) is var close && close < 0)
        {
            throw new InvalidOperationException($"Expected a cell in backticks: {cell}");
        }

        return cell[1..cell.IndexOf('`', 1)];
    }

    /// <summary><c>A__B=value</c> (an environment variable) → configuration key <c>A:B</c>.</summary>
    private static Dictionary<string, string> ParseEnv(string env)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in env.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidOperationException($"The env cell must hold NAME=value assignments: {env}");
            }

            settings[assignment[..equals].Replace("__", ":", StringComparison.Ordinal)] = assignment[(equals + 1)..];
        }

        return settings;
    }
}

/// <summary>One row of the sample table.</summary>
internal sealed record SampleRow(int Index, ErrorDialect Dialect, IReadOnlyDictionary<string, string> Settings, string Env, int Status, string Code, string Row, string? Curl, string Response)
{
    public bool IsInformational => Curl is null;

    public override string ToString() => $"{Index}: {Dialect} {Status} {Code} ({Row})";
}
