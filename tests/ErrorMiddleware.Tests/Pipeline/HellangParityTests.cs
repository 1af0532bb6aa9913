using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Pipeline;

/// <summary>The options a Hellang.Middleware.ProblemDetails user looks for (docs/migrating.md lists each).</summary>
public class HellangParityTests
{
    [Fact]
    public async Task Map_WithTheHttpContext_SeesTheRequest()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/tasks/{id}", string (string id) => throw new KeyNotFoundException(id)),
            o => o.Map<KeyNotFoundException>((context, ex) => new ResourceNotFoundException($"No task at {context.Request.Path}.")));

        // Act
        using var response = await app.Client.GetAsync("/tasks/7");

        // Assert
        var body = await ErrorAssert.BusinessAsync(response, 404, 404000);
        Assert.Equal("No task at /tasks/7.", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Map_WithTheHttpContext_NullLetsTheNextEntryDecide()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/conflict", string () => throw new InvalidOperationException("secret")),
            o => o
                .Map<InvalidOperationException>((context, _) => context.Request.Headers.ContainsKey("X-Tenant") ? new ApiException(ErrorKind.Forbidden) : null)
                .MapToStatusCode<InvalidOperationException>(409));
        using var tenant = new HttpRequestMessage(HttpMethod.Get, "/conflict") { Headers = { { "X-Tenant", "t" } } };

        // Act
        using var mapped = await app.Client.SendAsync(tenant);
        using var next = await app.Client.GetAsync("/conflict");

        // Assert
        await ErrorAssert.BusinessAsync(mapped, 403, 403000);
        await ErrorAssert.BusinessAsync(next, 409, 409000);
    }

    [Fact]
    public async Task MapToProblemDetails_WritesTheProblemInEachDialect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/orders", string () => throw new OrderLockedException(42));
                a.MapGet("/v1/orders", string () => throw new OrderLockedException(42)).WithErrorDialect(ErrorDialect.Wanqing);
                a.MapGet("/problem/orders", string () => throw new OrderLockedException(42)).WithErrorDialect(ErrorDialect.ProblemDetails);
            },
            o => o.MapToProblemDetails<OrderLockedException>((context, ex) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Order locked",
                Type = "https://errors.example.com/order-locked",
                Detail = $"Order {ex.OrderId} is being edited by someone else.",
                Extensions = { ["orderId"] = ex.OrderId },
            }));

        // Act
        using var business = await app.Client.GetAsync("/orders");
        using var wanqing = await app.Client.GetAsync("/v1/orders");
        using var problem = await app.Client.GetAsync("/problem/orders");

        // Assert
        var businessBody = await ErrorAssert.BusinessAsync(business, 409, 409000);
        Assert.Equal("Order 42 is being edited by someone else.", businessBody.GetProperty("msg").GetString());
        Assert.Equal(42, businessBody.GetProperty("data").GetProperty("orderId").GetInt32());
        var error = await ErrorAssert.WanqingAsync(wanqing, 409, "Conflict");
        Assert.Equal(42, error.GetProperty("orderId").GetInt32());
        var problemBody = await ErrorAssert.ProblemAsync(problem, 409, 409000);
        Assert.Equal("Order locked", problemBody.GetProperty("title").GetString());
        Assert.Equal("https://errors.example.com/order-locked", problemBody.GetProperty("type").GetString());
        Assert.Equal("/problem/orders", problemBody.GetProperty("instance").GetString());
        Assert.Equal(42, problemBody.GetProperty("orderId").GetInt32());
    }

    [Fact]
    public async Task MapToProblemDetails_StatusOutsideTheErrorRange_IsAMappingFailure()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/orders", string () => throw new OrderLockedException(42)),
            o => o.MapToProblemDetails<OrderLockedException>((_, _) => new ProblemDetails { Status = 302 }));

        // Act
        using var response = await app.Client.GetAsync("/orders");

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.IsType<InvalidOperationException>(Assert.Single(app.Logs.For("ExceptionMappingFailed")).Exception);
        Assert.IsType<OrderLockedException>(Assert.Single(app.Logs.For("ServerError")).Exception);
    }

    [Fact]
    public async Task Rethrow_WithAPredicate_OnlyMatchingRequestsPassThrough_OthersGoOnDownTheTable()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/legacy", string () => throw new NotSupportedException("outer handler")),
            o => o
                .Rethrow<NotSupportedException>((context, _) => context.Request.Headers.ContainsKey("X-Legacy"))
                .MapToStatusCode<NotSupportedException>(501));
        using var legacy = new HttpRequestMessage(HttpMethod.Get, "/legacy") { Headers = { { "X-Legacy", "1" } } };

        // Act
        var passedThrough = await Record.ExceptionAsync(() => app.Client.SendAsync(legacy));
        using var handled = await app.Client.GetAsync("/legacy");

        // Assert: TestServer surfaces an exception that escaped the pipeline to the caller.
        Assert.IsType<NotSupportedException>(passedThrough);
        await ErrorAssert.BusinessAsync(handled, 501, 501000);
    }

    [Fact]
    public async Task Rethrow_PredicateThrows_IsLoggedAndTheErrorIsWritten()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/legacy", string () => throw new NotSupportedException("outer handler")),
            o => o.Rethrow<NotSupportedException>((_, _) => throw new FormatException("predicate bug")));

        // Act
        using var response = await app.Client.GetAsync("/legacy");

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.IsType<FormatException>(Assert.Single(app.Logs.For("ExceptionMappingFailed")).Exception);
    }

    [Fact]
    public async Task ShouldLogException_False_LeavesTheErrorUnlogged_OthersAreLogged()
    {
        // Arrange
        ResolvedError? seen = null;
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.MapGet("/timeout", string () => throw new TimeoutException("noisy"));
                a.MapGet("/other", string () => throw new InvalidOperationException("real"));
            },
            o => o.ShouldLogException = (context, exception, error) =>
            {
                seen = error;
                return exception is not TimeoutException;
            });

        // Act
        using var timeout = await app.Client.GetAsync("/timeout");
        using var other = await app.Client.GetAsync("/other");

        // Assert
        await ErrorAssert.BusinessAsync(timeout, 500, 530003);
        await ErrorAssert.BusinessAsync(other, 500, 530003);
        Assert.Equal("real", Assert.Single(app.Logs.For("ServerError")).Exception!.Message);
        Assert.Equal(530003, seen?.Code.NumericCode);
    }

    [Fact]
    public async Task ShouldLogException_Throws_TheErrorIsStillLogged()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/other", string () => throw new InvalidOperationException("real")),
            o => o.ShouldLogException = (_, _, _) => throw new FormatException("predicate bug"));

        // Act
        using var response = await app.Client.GetAsync("/other");

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal("real", Assert.Single(app.Logs.For("ServerError")).Exception!.Message);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode)]
    [InlineData(ErrorDialect.Wanqing)]
    [InlineData(ErrorDialect.ProblemDetails)]
    public async Task OnError_AddsMembersAndHeaders_LikeOnBeforeWriteDetails(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/quota", string () => throw new QuotaExceededException()),
            o =>
            {
                o.Dialect = dialect;
                o.OnError = (context, _) =>
                {
                    context.HttpContext.Response.Headers["X-Node"] = "eu-1";
                    context.Error = context.Error with { Extensions = new Dictionary<string, object?> { ["node"] = "eu-1" } };
                    return ValueTask.CompletedTask;
                };
            });

        // Act
        using var response = await app.Client.GetAsync("/quota");

        // Assert
        Assert.Equal("eu-1", response.Headers.GetValues("X-Node").Single());
        var node = dialect switch
        {
            ErrorDialect.BusinessCode => (await ErrorAssert.BusinessAsync(response, 402, 402000)).GetProperty("data").GetProperty("node"),
            ErrorDialect.Wanqing => (await ErrorAssert.WanqingAsync(response, 403, "Forbidden.InsufficientBalance")).GetProperty("node"),
            _ => (await ErrorAssert.ProblemAsync(response, 402, 402000)).GetProperty("node"),
        };
        Assert.Equal("eu-1", node.GetString());
    }

    [Fact]
    public async Task AllowedHeaderNames_AnAddedHeader_SurvivesTheClearedResponse_OthersDoNot()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a => a.MapGet("/fails", string (HttpContext context) =>
            {
                context.Response.Headers["X-Tenant"] = "t-1";
                context.Response.Headers["X-Leaky"] = "secret";
                throw new InvalidOperationException("late failure");
            }),
            o => o.AllowedHeaderNames.Add("X-Tenant"));

        // Act
        using var response = await app.Client.GetAsync("/fails");

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
        Assert.Equal("t-1", response.Headers.GetValues("X-Tenant").Single());
        Assert.False(response.Headers.Contains("X-Leaky"));
    }

    private sealed class OrderLockedException(int orderId) : Exception("Order locked")
    {
        public int OrderId { get; } = orderId;
    }
}
