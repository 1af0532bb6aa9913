using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Quota;

/// <summary>Which claim is the quota account of a request (<see cref="ApiErrorsOptions.QuotaAccountClaimType"/>).</summary>
public sealed class QuotaAccountTests
{
    [Theory]
    [InlineData(new[] { ClaimTypes.NameIdentifier, "key-owner", "sub", "subject" }, "key-owner")]
    [InlineData(new[] { "sub", "subject", ClaimTypes.Name, "alice" }, "subject")]
    [InlineData(new[] { ClaimTypes.NameIdentifier, "", "sub", "subject" }, "subject")]
    [InlineData(new[] { ClaimTypes.Name, "alice" }, "alice")]
    [InlineData(new[] { "org_id", "org-7" }, null)]
    public void AccountOf_DefaultClaims_TakesNameIdentifierThenSubThenName(string[] claims, string? expected)
    {
        // Arrange
        var gate = Gate(claimType: null);
        var user = User(claims);

        // Act
        var account = gate.AccountOf(user);

        // Assert
        Assert.Equal(expected, account);
    }

    [Fact]
    public void AccountOf_UnauthenticatedIdentityWithName_IsAnonymous()
    {
        // Arrange: a name on an identity nobody authenticated is not an account.
        var gate = Gate(claimType: null);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")]));

        // Act
        var account = gate.AccountOf(user);

        // Assert
        Assert.Null(account);
    }

    [Theory]
    [InlineData(new[] { "org_id", "org-7", "sub", "subject" }, "org-7")]
    [InlineData(new[] { ClaimTypes.NameIdentifier, "key-owner", "sub", "subject" }, null)]
    [InlineData(new[] { "org_id", "" }, null)]
    public void AccountOf_ConfiguredClaim_ReadsOnlyThatClaim(string[] claims, string? expected)
    {
        // Arrange
        var gate = Gate(claimType: "org_id");

        // Act
        var account = gate.AccountOf(User(claims));

        // Assert
        Assert.Equal(expected, account);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void QuotaAccountClaimType_Blank_FailsStartupValidation(string claimType)
    {
        // Arrange
        using var provider = new ServiceCollection().AddApiErrors(o => o.QuotaAccountClaimType = claimType).BuildServiceProvider();

        // Act
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ApiErrorsOptions>>().Value);

        // Assert
        Assert.Contains("ApiErrors:QuotaAccountClaimType", failure.Message, StringComparison.Ordinal);
    }

    private static QuotaGate Gate(string? claimType) => new(
        new InMemoryQuotaService(),
        Options.Create(new ApiErrorsOptions { QuotaAccountClaimType = claimType }),
        NullLogger<QuotaGate>.Instance);

    private static ClaimsPrincipal User(string[] claims)
    {
        var list = new List<Claim>();
        for (var i = 0; i < claims.Length; i += 2)
        {
            list.Add(new Claim(claims[i], claims[i + 1]));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(list, authenticationType: "test"));
    }
}
