using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Mvc;

/// <summary>Unit tests of the validation action filter's path for actions with nothing to validate.</summary>
public sealed class ApiValidationActionFilterTests
{
    [Fact]
    public async Task NoValidatorAndValidModelState_ReturnsNextsTaskWithoutResolvingServices()
    {
        // Arrange
        await using var services = new ServiceCollection().AddLogging().AddApiErrors().AddControllers().Services.BuildServiceProvider();
        var filter = services.GetRequiredService<IOptions<MvcOptions>>().Value.Filters.OfType<ApiValidationActionFilter>().Single();
        var httpContext = new DefaultHttpContext { RequestServices = new ThrowingServiceProvider() };
        var descriptor = new ActionDescriptor { Parameters = [new() { Name = "prompt", ParameterType = typeof(string) }] };
        var context = new ActionExecutingContext(
            new ActionContext(httpContext, new RouteData(), descriptor),
            [],
            new Dictionary<string, object?> { ["prompt"] = "hello" },
            controller: new object());
        var pending = new TaskCompletionSource<ActionExecutedContext>();

        // Act
        var first = filter.OnActionExecutionAsync(context, () => pending.Task);
        var second = filter.OnActionExecutionAsync(context, () => pending.Task);

        // Assert
        Assert.Same(pending.Task, first);
        Assert.Same(pending.Task, second);
    }

    private sealed class ThrowingServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => throw new InvalidOperationException("Resolved " + serviceType + " per request.");
    }
}
