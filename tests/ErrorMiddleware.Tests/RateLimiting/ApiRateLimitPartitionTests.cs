using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.RateLimiting;

public sealed class ApiRateLimitPartitionTests
{
    [Fact]
    public void ApiKeyPartition_BearerOrHeader_SameKeySamePartitionAndNoRawKey()
    {
        // Arrange
        var bearer = new DefaultHttpContext();
        bearer.Request.Headers.Authorization = "Bearer sk-secret-1";
        var header = new DefaultHttpContext();
        header.Request.Headers["X-Api-Key"] = "sk-secret-1";
        var other = new DefaultHttpContext();
        other.Request.Headers["X-Api-Key"] = "sk-secret-2";

        // Act
        var fromBearer = ApiRateLimitPartition.GetApiKeyPartitionKey(bearer);
        var fromHeader = ApiRateLimitPartition.GetApiKeyPartitionKey(header);
        var fromOther = ApiRateLimitPartition.GetApiKeyPartitionKey(other);

        // Assert
        Assert.Equal(fromBearer, fromHeader);
        Assert.NotEqual(fromBearer, fromOther);
        Assert.StartsWith("key:", fromBearer, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", fromBearer, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeyPartition_NoKey_FallsBackToClientId()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.7");

        // Act
        var key = ApiRateLimitPartition.GetApiKeyPartitionKey(context);

        // Assert
        Assert.Equal("ip:10.0.0.7", key);
    }

    [Fact]
    public void ClientIdPartition_AuthenticatedUser_UsesNameIdentifier()
    {
        // Arrange
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.7");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "acct-9")], "test"));

        // Act
        var key = ApiRateLimitPartition.GetClientIdPartitionKey(context);

        // Assert
        Assert.Equal("user:acct-9", key);
    }

    [Fact]
    public void ClientIdPartition_NothingKnown_IsAnonymous()
    {
        // Act
        var key = ApiRateLimitPartition.GetClientIdPartitionKey(new DefaultHttpContext());

        // Assert
        Assert.Equal("anonymous", key);
    }

    [Fact]
    public void ApiKeyPartition_CustomHeaderName_ReadsTheSchemesHeader()
    {
        // Arrange
        using var services = ApiKeyServices(o => o.HeaderName = "X-Custom-Key");
        var custom = Request(services, "X-Custom-Key", "sk-secret-1");
        var bearer = Request(services, "Authorization", "Bearer sk-secret-1");
        var defaultHeader = Request(services, "X-Api-Key", "sk-secret-1");

        // Act
        var fromCustom = ApiRateLimitPartition.GetApiKeyPartitionKey(custom);
        var fromBearer = ApiRateLimitPartition.GetApiKeyPartitionKey(bearer);
        var fromDefaultHeader = ApiRateLimitPartition.GetApiKeyPartitionKey(defaultHeader);

        // Assert
        Assert.StartsWith("key:", fromCustom, StringComparison.Ordinal);
        Assert.Equal(fromCustom, fromBearer);
        Assert.Equal("ip:10.0.0.7", fromDefaultHeader);
    }

    [Fact]
    public void ApiKeyPartition_BearerNotAccepted_IgnoresBearer()
    {
        // Arrange
        using var services = ApiKeyServices(o => o.AcceptBearerToken = false);
        var bearer = Request(services, "Authorization", "Bearer sk-secret-1");

        // Act
        var key = ApiRateLimitPartition.GetApiKeyPartitionKey(bearer);

        // Assert
        Assert.Equal("ip:10.0.0.7", key);
    }

    [Fact]
    public void ApiKeyPartition_AuthenticatedUser_UsesTheUserNotTheKey()
    {
        // Arrange
        var first = new DefaultHttpContext();
        first.Request.Headers["X-Api-Key"] = "sk-random-1";
        first.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "acct-9")], "ApiKey"));
        var second = new DefaultHttpContext();
        second.Request.Headers["X-Api-Key"] = "sk-random-2";
        second.User = first.User;

        // Act
        var firstKey = ApiRateLimitPartition.GetApiKeyPartitionKey(first);
        var secondKey = ApiRateLimitPartition.GetApiKeyPartitionKey(second);

        // Assert
        Assert.Equal("user:acct-9", firstKey);
        Assert.Equal(firstKey, secondKey);
    }

    [Fact]
    public void ApiKeyPartition_KeyedRequest_AllocatesOnlyThePartitionKey()
    {
        // Arrange
        using var services = ApiKeyServices(null);
        var context = Request(services, "Authorization", "Bearer  sk-secret-0123456789abcdef ");
        var expected = ApiRateLimitPartition.GetApiKeyPartitionKey(context);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var key = ApiRateLimitPartition.GetApiKeyPartitionKey(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.Equal(expected, key);
        Assert.True(allocated <= 24 + (2 * key.Length) + 8, $"{allocated} bytes allocated");
    }

    private static ServiceProvider ApiKeyServices(Action<ApiKeyAuthenticationOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddApiKeyAuthentication(configure);
        return services.BuildServiceProvider();
    }

    private static DefaultHttpContext Request(IServiceProvider services, string header, string value)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.7");
        context.Request.Headers[header] = value;
        return context;
    }
}
