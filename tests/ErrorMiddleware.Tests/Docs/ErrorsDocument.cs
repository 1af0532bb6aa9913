using System.Text;

namespace ErrorMiddleware.Tests.Docs;

/// <summary>Renders docs/errors.md from the catalog.</summary>
internal static class ErrorsDocument
{
    private static readonly int[] s_statuses = [400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 413, 415, 422, 429, 500, 501, 502, 503, 504];

    public static string Render()
    {
        var md = new StringBuilder();
        md.AppendLine("# Error codes");
        md.AppendLine();
        md.AppendLine("Generated from the catalog (`ErrorCodes`) by `bash docs/generate.sh`; a test fails when this file is stale.");
        md.AppendLine("Codes and messages are the documents' own, verbatim (including their spelling). *Derived* rows are");
        md.AppendLine("the library's: where a document names a status but no code, BusinessCode uses status × 1000 and Wanqing");
        md.AppendLine("uses the HTTP reason phrase.");
        md.AppendLine();

        md.AppendLine("## BusinessCode (`{\"code\":...,\"msg\":...}`; ProblemDetails uses the same codes and statuses)");
        md.AppendLine();
        md.AppendLine("| HTTP | code | message | failure kind | source |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var row in ErrorCodes.All.Where(r => r.Dialect == ErrorDialect.BusinessCode))
        {
            md.AppendLine($"| {row.StatusCode} | {row.Code} | {Cell(row.Message)} | {row.Kind} | {Source(row)} |");
        }

        md.AppendLine();
        md.AppendLine("## Wanqing (OpenAI-compatible `{\"error\":{\"code\":...,\"message\":...}}`)");
        md.AppendLine();
        md.AppendLine("| HTTP | code | message | meaning | failure kind | source |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in ErrorCodes.All.Where(r => r.Dialect == ErrorDialect.Wanqing))
        {
            md.AppendLine($"| {row.StatusCode} | {Cell(row.Code)} | {Cell(row.Message)} | {Cell(row.IsDerived ? string.Empty : row.Meaning ?? string.Empty)} | {row.Kind} | {Source(row)} |");
        }

        md.AppendLine();
        md.AppendLine("## Which failure becomes which error");
        md.AppendLine();
        md.AppendLine("| failure kind | BusinessCode / ProblemDetails | Wanqing |");
        md.AppendLine("|---|---|---|");
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            if (kind is ErrorKind.None or ErrorKind.Custom or ErrorKind.ClientClosedRequest or ErrorKind.ConnectionInterrupted)
            {
                continue;
            }

            var business = ErrorCodes.For(kind, ErrorDialect.BusinessCode);
            var wanqing = ErrorCodes.For(kind, ErrorDialect.Wanqing);
            md.AppendLine($"| {kind} | {business.StatusCode} / {business.Code} | {wanqing.StatusCode} / {Cell(wanqing.Code)} |");
        }

        md.AppendLine("| ClientClosedRequest | nothing written; logged as 499 | nothing written; logged as 499 |");
        md.AppendLine();
        md.AppendLine("## Body-less error statuses");
        md.AppendLine();
        md.AppendLine("A 4xx/5xx response with no body keeps its status and gets the code closest in meaning:");
        md.AppendLine();
        md.AppendLine("| HTTP | BusinessCode code | Wanqing code |");
        md.AppendLine("|---|---|---|");
        foreach (var status in s_statuses)
        {
            var business = ErrorCodes.ForStatus(status, ErrorDialect.BusinessCode);
            var wanqing = ErrorCodes.ForStatus(status, ErrorDialect.Wanqing);
            md.AppendLine($"| {status} | {business.Code}{(business.IsDerived ? " (derived)" : string.Empty)} | {Cell(wanqing.Code)}{(wanqing.IsDerived ? " (derived)" : string.Empty)} |");
        }

        return md.ToString().ReplaceLineEndings("\n");
    }

    private static string Source(ErrorCode row) => row.IsDerived ? "derived" : "documented";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
