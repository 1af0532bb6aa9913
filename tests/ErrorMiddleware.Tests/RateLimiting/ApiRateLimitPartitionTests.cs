using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

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
}
