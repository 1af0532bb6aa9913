using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Pipeline;

public class OnErrorTests
{
    [Fact]
    public async Task OnError_OnTheExceptionPath_AddsHeadersAndMembersThatReachTheWire()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/quota", () => { throw new QuotaExceededException(); });
                a.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/quota", () => { throw new QuotaExceededException(); });
            },
            o => o.OnError = (context, _) =>
            {
                context.HttpContext.Response.Headers["X-Billing-Url"] = "/billing";
                context.Error = context.Error with
                {
                    Message = context.Error.Message + " Top up at /billing.",
                    Extensions = new Dictionary<string, object?> { ["billing_url"] = "/billing" },
                };
                return ValueTask.CompletedTask;
            });

        // Act
        using var business = await app.Client.GetAsync("/quota");
        using var wanqing = await app.Client.GetAsync("/v1/quota");

        // Assert
        var body = await ErrorAssert.BusinessAsync(business, 402, 402000);
        Assert.Equal("Quota freeze failed Top up at /billing.", body.GetProperty("msg").GetString());
        Assert.Equal("/billing", body.GetProperty("data").GetProperty("billing_url").GetString());
        Assert.Equal("/billing", business.Headers.GetValues("X-Billing-Url").Single());
        var error = await ErrorAssert.WanqingAsync(wanqing, 403, "Forbidden.InsufficientBalance");
        Assert.Equal("/billing", error.GetProperty("billing_url").GetString());
        Assert.Equal("/billing", wanqing.Headers.GetValues("X-Billing-Url").Single());
    }

    [Fact]
    public async Task OnError_SeesTheResolvedErrorOfTheDialectWritten()
    {
        ResolvedError? seen = null;
        await using var app = await TestApp.StartAsync(
            a => a.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing).MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o => o.OnError = (context, _) =>
            {
                seen = context.Error;
                return ValueTask.CompletedTask;
            });

        using var response = await app.Client.GetAsync("/v1/quota");

        Assert.NotNull(seen);
        Assert.Equal("Wanqing", seen.Dialect);
        Assert.Equal(ErrorKind.QuotaExceeded, seen.Kind);
        Assert.Equal("Forbidden.InsufficientBalance", seen.Code.Code);
        Assert.Equal(403, seen.StatusCode);
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), seen.RequestId);
    }

    [Fact]
    public async Task OnError_WritesToTheBodyThenThrows_ConnectionAbortedNeverATruncatedSuccess()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", () => { throw new QuotaExceededException(); }),
            o => o.OnError = async (context, _) =>
            {
                await context.HttpContext.Response.WriteAsync("{\"partial\":");
                await context.HttpContext.Response.Body.FlushAsync();
                throw new InvalidOperationException("callback bug");
            },
            kestrel: true);

        // Act
        var exception = await Record.ExceptionAsync(async () =>
        {
            using var response = await app.Client.GetAsync("/quota");
            await response.Content.ReadAsStringAsync();
        });

        // Assert
        Assert.NotNull(exception);
        Assert.Single(app.Logs.For("WriteFailedAfterStart"));
        var original = Assert.Single(app.Logs.For("ServerError"));
        Assert.IsType<QuotaExceededException>(original.Exception);
    }

    [Fact]
    public async Task ErrorBody_KeepsQuotesLiterally_AndEscapesMarkup()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/invalid", () =>
        {
            throw new ValidationFailedException("prompt", "'prompt' must not be <b>empty</b> & short.");
        }));

        using var response = await app.Client.GetAsync("/invalid");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("'prompt' must not be \\u003Cb\\u003Eempty\\u003C/b\\u003E \\u0026 short.", text);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
