using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Quota;

/// <summary>Unit tests of the global MVC quota filter on actions that declare no quota.</summary>
public sealed class QuotaActionFilterTests
{
    [Fact]
    public async Task ActionWithoutRequireQuota_ReturnsNextsTaskWithoutResolvingServices()
    {
        // Arrange
        await using var services = new ServiceCollection().AddLogging().AddApiErrors().AddControllers().Services.BuildServiceProvider();
        var filter = services.GetRequiredService<IOptions<MvcOptions>>().Value.Filters.OfType<IAsyncActionFilter>()
            .Single(static f => f.GetType().Name == "QuotaActionFilter");
        var httpContext = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        var context = new ActionExecutingContext(
            new ActionContext(httpContext, new RouteData(), new ActionDescriptor()),
            [],
            new Dictionary<string, object?>(),
            controller: new object());
        var pending = new TaskCompletionSource<ActionExecutedContext>();

        // Act
        var task = filter.OnActionExecutionAsync(context, () => pending.Task);

        // Assert
        Assert.Same(pending.Task, task);
    }
}
