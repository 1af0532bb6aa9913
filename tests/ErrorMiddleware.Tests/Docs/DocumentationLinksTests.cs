using System.Text.RegularExpressions;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Docs;

/// <summary>
/// The repository's Markdown documents link to each other by relative paths, which must name files (and headings) that
/// exist; the package's README is read on a package feed, where only absolute links to the repository work.
/// </summary>
public sealed partial class DocumentationLinksTests
{
    /// <summary>The repository URL the package README links to (a placeholder until the repository is published).</summary>
    private const string RepositoryUrl = "https://github.com/errormiddleware/ErrorMiddleware";
    private const string RepositoryFilePrefix = RepositoryUrl + "/blob/main/";
    private const int ReadmeMaxBytes = 12 * 1024;

    public static TheoryData<string> RepositoryDocuments()
    {
        var data = new TheoryData<string>("README.md", "samples/SampleApi/README.md", "tests/OpenAiClient/README.md");
        foreach (var path in Directory.GetFiles(RepoPaths.Combine("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add("docs/" + Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments))]
    public void RepositoryDocument_RelativeLinks_NameExistingFilesAndHeadings(string document)
    {
        // Arrange
        var path = RepoPaths.Combine(document.Split('/'));
        var directory = Path.GetDirectoryName(path)!;

        // Act
        var broken = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)).Where(target => !target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal)))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var fragment = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(directory, file));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: no such file");
            }
            else if (fragment is not null && !Headings(File.ReadAllText(resolved)).Contains(fragment))
            {
                broken.Add($"{target}: no heading #{fragment}");
            }
        }

        // Assert
        Assert.True(broken.Count == 0, $"{document} has broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void PackageReadme_Links_AreAbsoluteAndNameRepositoryFiles()
    {
        // Arrange
        var readme = File.ReadAllText(RepoPaths.Combine("src", "ErrorMiddleware", "README.md"));

        // Act
        var links = Links(readme).ToList();
        var problems = new List<string>();
        foreach (var link in links)
        {
            if (!link.StartsWith(RepositoryUrl, StringComparison.Ordinal))
            {
                problems.Add($"{link}: not an absolute link to {RepositoryUrl}");
            }
            else if (link.StartsWith(RepositoryFilePrefix, StringComparison.Ordinal)
                && !File.Exists(RepoPaths.Combine(link[RepositoryFilePrefix.Length..].Split('#')[0].Split('/'))))
            {
                problems.Add($"{link}: names no file of the repository");
            }
        }

        // Assert
        Assert.NotEmpty(links);
        Assert.True(problems.Count == 0, "src/ErrorMiddleware/README.md (the package's README):\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Readme_Size_StaysADoorway()
    {
        // Arrange, Act
        var bytes = new FileInfo(RepoPaths.Combine("README.md")).Length;

        // Assert
        Assert.True(bytes <= ReadmeMaxBytes, $"README.md is {bytes} bytes; it is the doorway (at most {ReadmeMaxBytes}): move detail into docs/.");
    }

    [Fact]
    public void Links_InlineLinksOutsideCode_AreFound()
    {
        // Arrange
        const string markdown = "See [a](docs/a.md#x) and [b](https://example.com).\n```\n[c](not-a-link.md)\n```\n`[d](nor-this.md)`\n";

        // Act
        var links = Links(markdown).ToList();

        // Assert
        Assert.Equal(["docs/a.md#x", "https://example.com"], links);
    }

    [Theory]
    [InlineData("## Body-less error statuses", "body-less-error-statuses")]
    [InlineData("## Why not Hellang.Middleware.ProblemDetails?", "why-not-hellangmiddlewareproblemdetails")]
    [InlineData("### Every documented code, one curl each", "every-documented-code-one-curl-each")]
    public void Headings_GitHubAnchors_AreDerivedFromTheText(string heading, string anchor)
    {
        // Act, Assert
        Assert.Contains(anchor, Headings(heading));
    }

    /// <summary>Targets of inline links <c>[text](target)</c>, outside fenced code blocks and code spans.</summary>
    private static IEnumerable<string> Links(string markdown)
    {
        var inFence = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match match in LinkPattern().Matches(CodeSpanPattern().Replace(line, string.Empty)))
            {
                yield return match.Groups["target"].Value;
            }
        }
    }

    /// <summary>The anchors GitHub derives from the document's headings: lower case, punctuation dropped, spaces as <c>-</c>.</summary>
    private static HashSet<string> Headings(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n').Where(line => line.StartsWith('#')))
        {
            var text = line.TrimStart('#').Trim().ToLowerInvariant();
            anchors.Add(string.Concat(text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')).Replace(' ', '-'));
        }

        return anchors;
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpanPattern();
}
