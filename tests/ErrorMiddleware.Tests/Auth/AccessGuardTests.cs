using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Auth;

/// <summary>Guard clauses of the public access API: bad arguments fail at the call, not later in a request.</summary>
public sealed class AccessGuardTests
{
    [Fact]
    public void AddApiKeyAuthentication_NullBuilderOrEmptyScheme_Throws()
    {
        // Arrange
        var builder = new AuthenticationBuilder(new ServiceCollection());

        // Act & Assert
        Assert.Throws<ArgumentNullException>(() => ((AuthenticationBuilder)null!).AddApiKeyAuthentication());
        Assert.Throws<ArgumentException>(() => builder.AddApiKeyAuthentication("", null));
    }

    [Fact]
    public void InMemoryApiKeyStore_BadEntries_Throw()
    {
        // Arrange
        var store = new InMemoryApiKeyStore();

        // Act & Assert
        Assert.Throws<ArgumentException>(() => store.Set("", "owner"));
        Assert.Throws<ArgumentException>(() => store.Set("key", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Set("key", "owner", ApiKeyStatus.Unknown));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void ApiKeyValidationResult_ActiveWithoutOwner_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentException>(() => ApiKeyValidationResult.Active(""));
    }

    [Fact]
    public void InMemoryQuotaService_NegativeBalance_Throws()
    {
        // Arrange
        var service = new InMemoryQuotaService();

        // Act & Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => service.SetBalance("a", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => service.SetBalance("a", 1, resourcePack: -1));
        Assert.Throws<ArgumentNullException>(() => QuotaFreezeResult.Frozen(null!));
    }

    [Fact]
    public void RequireQuota_NullBuilder_Throws()
    {
        // Act & Assert
        Assert.Throws<ArgumentNullException>(() => ((IEndpointConventionBuilder)null!).RequireQuota(1));
    }

    [Fact]
    public void RateLimiterHelpers_BadArguments_Throw()
    {
        // Arrange
        var options = new RateLimiterOptions();

        // Act & Assert
        Assert.Throws<ArgumentNullException>(() => ((RateLimiterOptions)null!).MarkGlobalLimiterAsServerOverload());
        Assert.Throws<ArgumentNullException>(() => options.AddFixedWindowLimiterByApiKey("p", null!));
        Assert.Throws<ArgumentNullException>(() => ApiRateLimitPartition.PartitionByApiKey(new DefaultHttpContext(), null!));
        Assert.Throws<ArgumentNullException>(() => ApiRateLimitPartition.GetClientIdPartitionKey(null!));
    }
}
