using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Docs;

public class ErrorsDocumentTests
{
    [Fact]
    public async Task CommittedErrorsDocument_IsCurrent()
    {
        var path = RepoPaths.Combine("docs", "errors.md");
        var rendered = ErrorsDocument.Render();
        if (Environment.GetEnvironmentVariable("ERRORMIDDLEWARE_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, rendered);
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "(missing)";
        Assert.True(committed == rendered, "docs/errors.md is stale: run `bash docs/generate.sh` and commit the result.");
    }

    [Fact]
    public void ErrorsDocument_ListsEveryRowOfEveryDialect()
    {
        var rendered = ErrorsDocument.Render();

        Assert.All(ErrorCodes.All, row => Assert.Contains($"| {row.StatusCode} | {row.Code.Replace("|", "\\|")} |", rendered));
    }
}
