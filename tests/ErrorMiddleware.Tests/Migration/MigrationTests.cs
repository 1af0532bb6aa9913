using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.Migration;

/// <summary>Runs the two migrated setups of docs/migrating.md and checks that each does what its original did.</summary>
public class MigrationTests
{
    [Fact]
    public async Task HellangMigrated_Map_WritesTheMappedProblemWithOnErrorsMemberAndHeader()
    {
        // Arrange
        await using var app = await HellangMigratedApp.StartAsync();

        // Act
        using var credit = await app.Client.GetAsync("/credit");
        using var order = await app.Client.GetAsync("/orders/7");

        // Assert
        var creditBody = await ErrorAssert.ProblemAsync(credit, 402, 402000);
        Assert.Equal("Out of credit.", creditBody.GetProperty("detail").GetString());
        Assert.Equal(0.5m, creditBody.GetProperty("balance").GetDecimal());
        Assert.Equal("eu-1", creditBody.GetProperty("node").GetString());
        Assert.Equal("eu-1", credit.Headers.GetValues("X-Node").Single());
        var orderBody = await ErrorAssert.ProblemAsync(order, 409, 409000);
        Assert.Equal("Order locked", orderBody.GetProperty("title").GetString());
        Assert.Equal("https://errors.example.com/order-locked", orderBody.GetProperty("type").GetString());
        Assert.Equal("Order 7 is being edited.", orderBody.GetProperty("detail").GetString());
        Assert.Equal(7, orderBody.GetProperty("orderId").GetInt32());
    }

    [Fact]
    public async Task HellangMigrated_MapToStatusCode_AndExceptionDetailsOnRequest()
    {
        // Arrange
        await using var app = await HellangMigratedApp.StartAsync();
        using var debug = new HttpRequestMessage(HttpMethod.Get, "/report") { Headers = { { "X-Debug", "1" } } };

        // Act
        using var notImplemented = await app.Client.GetAsync("/not-implemented");
        using var hidden = await app.Client.GetAsync("/report");
        using var shown = await app.Client.SendAsync(debug);

        // Assert
        await ErrorAssert.ProblemAsync(notImplemented, 501, 501000);
        Assert.False((await ErrorAssert.ProblemAsync(hidden, 500, 530003)).TryGetProperty("exceptionDetails", out _));
        var details = (await ErrorAssert.ProblemAsync(shown, 500, 530003)).GetProperty("exceptionDetails");
        Assert.Equal("secret", details.GetProperty("message").GetString());
    }

    [Fact]
    public async Task HellangMigrated_RethrowAndIgnore_PassTheExceptionThrough()
    {
        // Arrange
        await using var app = await HellangMigratedApp.StartAsync();

        // Act: TestServer surfaces an exception that escaped the pipeline to the caller.
        var legacy = await Record.ExceptionAsync(() => app.Client.GetAsync("/legacy/report"));
        var canceled = await Record.ExceptionAsync(() => app.Client.GetAsync("/canceled"));

        // Assert
        Assert.IsType<NotSupportedException>(legacy);
        Assert.IsAssignableFrom<OperationCanceledException>(canceled);
    }

    [Fact]
    public async Task HellangMigrated_ShouldLogException_AndAllowedHeaderNames()
    {
        // Arrange
        await using var app = await HellangMigratedApp.StartAsync();

        // Act
        using var timeout = await app.Client.GetAsync("/timeout");
        using var tenant = await app.Client.GetAsync("/tenant");

        // Assert
        await ErrorAssert.ProblemAsync(timeout, 500, 530003);
        await ErrorAssert.ProblemAsync(tenant, 500, 530003);
        Assert.Equal("t-1", tenant.Headers.GetValues("X-Tenant").Single());
        Assert.IsType<InvalidOperationException>(Assert.Single(app.Logs.For("ServerError")).Exception);
    }

    [Fact]
    public async Task BuiltInMigrated_HandlerAndStatusCodeSelector_BecomeMappings_CustomizeProblemDetailsStillApplies()
    {
        // Arrange
        await using var app = await BuiltInMigratedApp.StartAsync();

        // Act
        using var credit = await app.Client.GetAsync("/credit");
        using var timeout = await app.Client.GetAsync("/timeout");
        using var fails = await app.Client.GetAsync("/fails");

        // Assert
        var creditBody = await ErrorAssert.ProblemAsync(credit, 402, 402000);
        Assert.Equal("Out of credit.", creditBody.GetProperty("detail").GetString());
        Assert.Equal(0.5m, creditBody.GetProperty("balance").GetDecimal());
        Assert.Equal("eu-1", creditBody.GetProperty("node").GetString());
        Assert.Equal("eu-1", (await ErrorAssert.ProblemAsync(timeout, 504, 504000)).GetProperty("node").GetString());
        var failsBody = await ErrorAssert.ProblemAsync(fails, 500, 530003);
        Assert.Equal("An error occurred while processing your request.", failsBody.GetProperty("title").GetString());
        Assert.DoesNotContain("secret", failsBody.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltInMigrated_StatusCodePagesAndResultsProblem_ComeOutCustomized()
    {
        // Arrange
        await using var app = await BuiltInMigratedApp.StartAsync();

        // Act
        using var missing = await app.Client.GetAsync("/no/such/route");
        using var problem = await app.Client.GetAsync("/problem");

        // Assert
        Assert.Equal("eu-1", (await ErrorAssert.ProblemAsync(missing, 404, 404000)).GetProperty("node").GetString());
        var body = await ErrorAssert.ProblemAsync(problem, 503, 500001);
        Assert.Equal("Maintenance", body.GetProperty("title").GetString());
        Assert.Equal("Try later.", body.GetProperty("detail").GetString());
        Assert.Equal("eu-1", body.GetProperty("node").GetString());
    }
}
