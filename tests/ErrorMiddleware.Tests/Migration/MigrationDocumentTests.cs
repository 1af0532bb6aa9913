using System.Text.RegularExpressions;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Migration;

/// <summary>
/// docs/migrating.md shows the migrated setups as C# blocks, each announced by <c>&lt;!-- snippet: name --&gt;</c>; the
/// test apps of this folder hold the same code between <c>// snippet: name</c> and <c>// end snippet</c>, and
/// <see cref="MigrationTests"/> runs it. The two must be the same text (indentation aside), in both directions.
/// </summary>
public sealed partial class MigrationDocumentTests
{
    [Fact]
    public void MigratingDocument_EverySnippet_IsTheCodeTheMigrationTestsRun()
    {
        // Arrange
        var document = Snippets.FromMarkdown(File.ReadAllText(RepoPaths.Combine("docs", "migrating.md")));
        var code = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("tests", "ErrorMiddleware.Tests", "Migration"), "*.cs"))
        {
            foreach (var (name, text) in Snippets.FromCode(File.ReadAllText(file)))
            {
                Assert.True(code.TryAdd(name, text), $"The snippet '{name}' is defined twice.");
            }
        }

        // Act + Assert
        Assert.Equal(["builtin-migrated", "hellang-migrated"], document.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(document.Keys.Order(StringComparer.Ordinal), code.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in document)
        {
            Assert.True(text == code[name], $"docs/migrating.md's snippet '{name}' differs from the tested code:\n--- document\n{text}\n--- tests\n{code[name]}");
        }
    }

    [Fact]
    public void Snippets_AChangedLine_IsADifference()
    {
        // Arrange: the comparison the document test relies on must see a one-character change.
        const string markdown = "<!-- snippet: a -->\n```csharp\nvar x = 1;\n    x++;\n```\n";
        const string code = "        // snippet: a\n        var x = 1;\n            x++;\n        // end snippet\n";

        // Act
        var fromDocument = Snippets.FromMarkdown(markdown)["a"];
        var same = Snippets.FromCode(code)["a"];
        var changed = Snippets.FromCode(code.Replace("x++", "x--", StringComparison.Ordinal))["a"];

        // Assert
        Assert.Equal(fromDocument, same);
        Assert.NotEqual(fromDocument, changed);
    }

    /// <summary>Reads named snippets out of Markdown and C#, with the common indentation removed.</summary>
    private static partial class Snippets
    {
        public static Dictionary<string, string> FromMarkdown(string markdown)
        {
            var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in MarkdownSnippet().Matches(markdown.ReplaceLineEndings("\n")))
            {
                snippets.Add(match.Groups["name"].Value, Dedent(match.Groups["code"].Value));
            }

            return snippets;
        }

        public static Dictionary<string, string> FromCode(string code)
        {
            var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match match in CodeSnippet().Matches(code.ReplaceLineEndings("\n")))
            {
                snippets.Add(match.Groups["name"].Value, Dedent(match.Groups["code"].Value));
            }

            return snippets;
        }

        private static string Dedent(string text)
        {
            var lines = text.TrimEnd('\n').Split('\n');
            var indent = lines.Where(l => l.Trim().Length != 0).Min(l => l.Length - l.TrimStart(' ').Length);
            return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? string.Empty : l[indent..]));
        }

        [GeneratedRegex(@"<!-- snippet: (?<name>[a-z-]+) -->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
        private static partial Regex MarkdownSnippet();

        [GeneratedRegex(@"^[ ]*// snippet: (?<name>[a-z-]+)\n(?<code>.*?)\n[ ]*// end snippet$", RegexOptions.Singleline | RegexOptions.Multiline)]
        private static partial Regex CodeSnippet();
    }
}
