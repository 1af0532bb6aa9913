using System.Text.Json;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests;

/// <summary>One failure as each dialect must write it: BusinessCode (and ProblemDetails, which shares its rows) and Wanqing.</summary>
internal sealed record ExpectedError(int BusinessStatus, int BusinessCode, string BusinessMessage, int WanqingStatus, string WanqingCode, string WanqingMessage)
{
    public static readonly ErrorDialect[] Dialects = [ErrorDialect.BusinessCode, ErrorDialect.Wanqing, ErrorDialect.ProblemDetails];

    public int StatusIn(ErrorDialect dialect) => dialect == ErrorDialect.Wanqing ? WanqingStatus : BusinessStatus;

    /// <summary>Asserts status, code, message, content type, no-store, X-Request-Id, and x-should-retry for Wanqing 4xx.</summary>
    public async Task<JsonElement> AssertAsync(HttpResponseMessage response, ErrorDialect dialect)
    {
        switch (dialect)
        {
            case ErrorDialect.BusinessCode:
            {
                var body = await ErrorAssert.BusinessAsync(response, BusinessStatus, BusinessCode);
                Assert.Equal(BusinessMessage, body.GetProperty("msg").GetString());
                return body;
            }

            case ErrorDialect.Wanqing:
            {
                var error = await ErrorAssert.WanqingAsync(response, WanqingStatus, WanqingCode);
                Assert.Equal(WanqingMessage, error.GetProperty("message").GetString());
                if (WanqingStatus is >= 400 and < 500 and not 408 and not 429)
                {
                    Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
                }

                return error;
            }

            default:
            {
                var body = await ErrorAssert.ProblemAsync(response, BusinessStatus, BusinessCode);
                Assert.Equal(BusinessMessage, body.GetProperty("detail").GetString());
                return body;
            }
        }
    }
}
