using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Auth;

/// <summary>Unit tests of <see cref="ApiErrorsAuthorizationResultHandler"/>'s success path.</summary>
public sealed class AuthorizationResultHandlerTests
{
    [Fact]
    public async Task Authorized_NextStillRunning_AllocatesNoMoreThanTheFrameworkHandler()
    {
        // Arrange
        await using var services = new ServiceCollection().AddLogging().AddAuthorization().AddApiErrors().BuildServiceProvider();
        var handler = services.GetRequiredService<IAuthorizationMiddlewareResultHandler>();
        Assert.IsType<ApiErrorsAuthorizationResultHandler>(handler);
        var framework = new AuthorizationMiddlewareResultHandler();
        var policy = new AuthorizationPolicyBuilder().RequireAssertion(static _ => true).Build();
        var context = new DefaultHttpContext { RequestServices = services };
        var success = PolicyAuthorizationResult.Success();
        var pending = new TaskCompletionSource();
        RequestDelegate next = _ => pending.Task;
        await Measure(framework);
        await Measure(handler);

        // Act
        var frameworkBytes = await Measure(framework);
        var handlerBytes = await Measure(handler);

        // Assert
        Assert.True(handlerBytes <= frameworkBytes, $"{handlerBytes} bytes against the framework's {frameworkBytes}");

        async Task<long> Measure(IAuthorizationMiddlewareResultHandler subject)
        {
            pending = new TaskCompletionSource();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var task = subject.HandleAsync(next, context, policy, success);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            pending.SetResult();
            await task;
            return allocated;
        }
    }
}
