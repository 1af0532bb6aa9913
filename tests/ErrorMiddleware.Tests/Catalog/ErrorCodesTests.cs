using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Catalog;

public class ErrorCodesTests
{
    public static TheoryData<string, string> BusinessDocumentRows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var cells in TableRows("business-code.txt"))
        {
            if (cells.Length == 2 && int.TryParse(cells[0], out _))
            {
                rows.Add(cells[0], cells[1]);
            }
        }

        return rows;
    }

    public static TheoryData<int, string, string, string> WanqingDocumentRows()
    {
        var rows = new TheoryData<int, string, string, string>();
        foreach (var cells in TableRows("wanqing.txt"))
        {
            if (cells.Length == 4 && int.TryParse(cells[0], out var status))
            {
                rows.Add(status, cells[1], cells[2], cells[3]);
            }
        }

        return rows;
    }

    [Fact]
    public void DocumentTables_AreParsed_AllRowsFound()
    {
        // The documents have 17 business codes and 18 + 4 Wanqing rows; a parsing slip must not empty the theories.
        Assert.Equal(17, BusinessDocumentRows().Count);
        Assert.Equal(22, WanqingDocumentRows().Count);
    }

    [Theory]
    [MemberData(nameof(BusinessDocumentRows))]
    public void BusinessRow_OfTheDocument_IsInTheCatalogVerbatim(string code, string message)
    {
        var row = Assert.Single(ErrorCodes.All, r => r.Dialect == ErrorDialect.BusinessCode && r.Code == code);

        Assert.Equal(message, row.Message);
        Assert.False(row.IsDerived);
        Assert.Equal(int.Parse(code), row.NumericCode);
    }

    [Theory]
    [MemberData(nameof(WanqingDocumentRows))]
    public void WanqingRow_OfTheDocument_IsInTheCatalogVerbatim(int status, string code, string message, string meaning)
    {
        var row = Assert.Single(ErrorCodes.All, r => r.Dialect == ErrorDialect.Wanqing && r.Code == code && r.Message == message);

        Assert.Equal(status, row.StatusCode);
        Assert.Equal(meaning, row.Meaning);
        Assert.False(row.IsDerived);
    }

    [Fact]
    public void Catalog_HasNoRowBeyondTheDocuments_ExceptDerivedOnes()
    {
        var documented = BusinessDocumentRows().Count + WanqingDocumentRows().Count;

        var notDerived = ErrorCodes.All.Count(r => !r.IsDerived);

        Assert.Equal(documented, notDerived);
        Assert.All(ErrorCodes.All.Where(r => r.IsDerived), r => Assert.StartsWith("Derived", r.Meaning));
    }

    [Theory]
    [InlineData(100001, 400)]
    [InlineData(100002, 400)]
    [InlineData(130005, 429)]
    [InlineData(400005, 400)]
    [InlineData(401001, 401)]
    [InlineData(401002, 401)]
    [InlineData(402000, 402)]
    [InlineData(500001, 500)]
    [InlineData(530002, 500)]
    [InlineData(530003, 500)]
    public void BusinessRow_Status_FollowsTheFirstThreeDigitsRule(int code, int status)
    {
        var row = ErrorCodes.All.Single(r => r.Dialect == ErrorDialect.BusinessCode && r.NumericCode == code);

        Assert.Equal(status, row.StatusCode);
        Assert.Equal(status, ErrorCode.Business(code, "custom").StatusCode);
    }

    [Theory]
    [InlineData(ErrorKind.RequestBodyInvalid, 400, "100001", 400, "InvalidArgument.RequestBodyInvalid")]
    [InlineData(ErrorKind.RequestBodyMissing, 400, "400005", 400, "InvalidArgument.RequestBodyInvalid")]
    [InlineData(ErrorKind.RequiredParameterMissing, 400, "100002", 400, "InvalidArgument.MissingRequiredParameter")]
    [InlineData(ErrorKind.ValidationFailed, 400, "100002", 400, "InvalidArgument.RequestBodyInvalid")]
    [InlineData(ErrorKind.AuthenticationMissing, 401, "401001", 401, "Unauthorized")]
    [InlineData(ErrorKind.AuthenticationInvalid, 401, "401002", 400, "InvalidArgument.Authorization")]
    [InlineData(ErrorKind.CredentialsUnavailable, 401, "401002", 403, "Forbidden")]
    [InlineData(ErrorKind.Forbidden, 403, "403000", 403, "Forbidden")]
    [InlineData(ErrorKind.AccountFrozen, 403, "403000", 403, "Forbidden.Frozen")]
    [InlineData(ErrorKind.QuotaExceeded, 402, "402000", 403, "Forbidden.InsufficientBalance")]
    [InlineData(ErrorKind.NoBalance, 402, "402000", 403, "UnaccessibleUser")]
    [InlineData(ErrorKind.NotFound, 404, "404000", 404, "ResourceNotFound")]
    [InlineData(ErrorKind.InvalidPathFormat, 400, "400001", 404, "ResourceNotFound")]
    [InlineData(ErrorKind.InvalidVersion, 400, "400002", 404, "ResourceNotFound")]
    [InlineData(ErrorKind.InvalidModule, 400, "400003", 404, "ResourceNotFound")]
    [InlineData(ErrorKind.EndpointStopped, 400, "100002", 400, "InvalidEndpoint.StoppedEndpoint")]
    [InlineData(ErrorKind.PayloadTooLarge, 413, "413000", 413, "Payload Too Large")]
    [InlineData(ErrorKind.RequestTimeout, 408, "408000", 408, "Request Timeou")]
    [InlineData(ErrorKind.RateLimited, 429, "130005", 429, "TooManyRequests")]
    [InlineData(ErrorKind.ServerBusy, 500, "530002", 503, "Service Unavailable")]
    [InlineData(ErrorKind.ServiceUnavailable, 500, "500001", 503, "Service Unavailable")]
    [InlineData(ErrorKind.DatabaseError, 500, "500002", 500, "InternalServerError")]
    [InlineData(ErrorKind.UpstreamError, 500, "500003", 502, "Bad Gateway")]
    [InlineData(ErrorKind.TaskCreationFailed, 500, "500004", 500, "InternalServerError")]
    [InlineData(ErrorKind.InternalError, 500, "530003", 500, "InternalServerError")]
    public void Kind_ResolvesToTheDesignTableRow_InEachDialect(ErrorKind kind, int businessStatus, string businessCode, int wanqingStatus, string wanqingCode)
    {
        var business = ErrorCodes.For(kind, ErrorDialect.BusinessCode);
        var problem = ErrorCodes.For(kind, ErrorDialect.ProblemDetails);
        var wanqing = ErrorCodes.For(kind, ErrorDialect.Wanqing);

        Assert.Equal((businessStatus, businessCode), (business.StatusCode, business.Code));
        Assert.Same(business, problem);
        Assert.Equal((wanqingStatus, wanqingCode), (wanqing.StatusCode, wanqing.Code));
    }

    [Theory]
    [InlineData(400, "100002", "InvalidArgument.RequestBodyInvalid")]
    [InlineData(401, "401002", "Unauthorized")]
    [InlineData(402, "402000", "Payment Required")]
    [InlineData(403, "403000", "Forbidden")]
    [InlineData(404, "404000", "ResourceNotFound")]
    [InlineData(405, "405000", "Method Not Allowed")]
    [InlineData(409, "409000", "Conflict")]
    [InlineData(415, "415000", "Unsupported Media Type")]
    [InlineData(429, "130005", "TooManyRequests")]
    [InlineData(500, "530003", "InternalServerError")]
    [InlineData(502, "502000", "Bad Gateway")]
    [InlineData(503, "500001", "Service Unavailable")]
    [InlineData(504, "504000", "Gateway Timeout")]
    public void Status_ResolvesToTheClosestDocumentedRow_ElseDerived(int status, string businessCode, string wanqingCode)
    {
        var business = ErrorCodes.ForStatus(status, ErrorDialect.BusinessCode);
        var wanqing = ErrorCodes.ForStatus(status, ErrorDialect.Wanqing);

        Assert.Equal(businessCode, business.Code);
        Assert.Equal(wanqingCode, wanqing.Code);
        Assert.Same(business, ErrorCodes.ForStatus(status, ErrorDialect.BusinessCode));
    }

    [Fact]
    public void FormatMessage_FillsTheDocumentsPlaceholders()
    {
        var required = ErrorCodes.Wanqing.MissingRequiredParameter.FormatMessage(new Dictionary<string, string> { ["xxx"] = "prompt" });
        var unavailable = ErrorCodes.Wanqing.AccessKeyUnavailable.FormatMessage(new Dictionary<string, string> { ["Apikey"] = "sk-****1234" });

        Assert.Equal("The prompt parameter is required.", required);
        Assert.Equal("AccessKey:sk-****1234 IS UNAVAILABLE", unavailable);
    }

    [Fact]
    public void CustomCodes_RejectBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorCode.Business(42, "too short"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorCode.Business(100123, "not an error", 200));
        Assert.Throws<ArgumentException>(() => ErrorCode.WanqingCode("", 400, "x"));
        Assert.Equal(ErrorKind.Custom, ErrorCode.WanqingCode("InvalidArgument.ModelNotFound", 404, "Model not found.").Kind);
    }

    private static IEnumerable<string[]> TableRows(string file)
    {
        foreach (var line in File.ReadLines(RepoPaths.Combine("docs", "seeds", file)))
        {
            if (!line.Contains('|'))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            yield return cells;
        }
    }
}
