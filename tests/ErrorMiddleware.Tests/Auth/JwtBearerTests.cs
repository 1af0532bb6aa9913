using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ErrorMiddleware.Tests.Auth;

/// <summary>
/// The library behind a real identity provider's tokens: JwtBearer answers 401001 / 401002 through the library, and the
/// quota account is the token's subject (or the claim <see cref="ApiErrorsOptions.QuotaAccountClaimType"/> names).
/// The setup is the one README and docs/auth.md show.
/// </summary>
public sealed class JwtBearerTests
{
    private const string Issuer = "https://login.example.test/";
    private const string Audience = "api://images";
    private static readonly SymmetricSecurityKey s_signingKey = new(Encoding.UTF8.GetBytes("a-test-signing-key-of-at-least-256-bits!!"));
    private static readonly SymmetricSecurityKey s_otherKey = new(Encoding.UTF8.GetBytes("another-key-that-did-not-sign-this-token!"));

    [Fact]
    public async Task Request_WithoutToken_Answers401001WithBearerChallenge()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await app.Client.PostAsync("/v1/images", content: null);

        // Assert
        await ErrorAssert.BusinessAsync(response, 401, 401001);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("not-a-jwt")]
    public async Task Request_WithRejectedToken_Answers401002(string defect)
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);
        var token = defect switch
        {
            "wrong-key" => Token(s_otherKey, ("sub", "acct-1")),
            "expired" => Token(s_signingKey, DateTime.UtcNow.AddHours(-2), Audience, ("sub", "acct-1")),
            "wrong-audience" => Token(s_signingKey, DateTime.UtcNow.AddHours(1), "api://other", ("sub", "acct-1")),
            _ => "not.a.jwt",
        };

        // Act
        using var response = await PostAsync(app, token);

        // Assert
        await ErrorAssert.BusinessAsync(response, 401, 401002);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer" && h.Parameter?.Contains("invalid_token", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ValidToken_ChargesTheSubjectsAccount(bool mapInboundClaims)
    {
        // Arrange: with the claims mapped, sub arrives as NameIdentifier; without, as "sub". Both are the account.
        await using var app = await StartAsync(ErrorDialect.BusinessCode, mapInboundClaims: mapInboundClaims);
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();
        quota.SetBalance("acct-1", 100);

        // Act
        using var response = await PostAsync(app, Token(s_signingKey, ("sub", "acct-1")));

        // Assert
        Assert.Equal(200, response.Status());
        Assert.Equal(90, quota.GetAvailable("acct-1"));
    }

    [Fact]
    public async Task ValidToken_AccountWithoutBalance_NamesTheSubjectInWanqing()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing);

        // Act
        using var response = await PostAsync(app, Token(s_signingKey, ("sub", "acct-empty")));

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 403, "UnaccessibleUser");
        Assert.Contains("CustomerId:acct-empty,", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaAccountClaimType_Configured_ChargesThatClaimsAccount()
    {
        // Arrange: the organisation pays, whoever of its users calls.
        await using var app = await StartAsync(ErrorDialect.BusinessCode, options => options.QuotaAccountClaimType = "org_id");
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();
        quota.SetBalance("org-7", 50);
        quota.SetBalance("user-1", 50);

        // Act
        using var response = await PostAsync(app, Token(s_signingKey, ("sub", "user-1"), ("org_id", "org-7")));

        // Assert
        Assert.Equal(200, response.Status());
        Assert.Equal(40, quota.GetAvailable("org-7"));
        Assert.Equal(50, quota.GetAvailable("user-1"));
    }

    [Fact]
    public async Task QuotaAccountClaimType_ClaimAbsent_IsAnonymousAndRefused()
    {
        // Arrange: the configured claim is the only one read; a token without it has no account.
        await using var app = await StartAsync(ErrorDialect.BusinessCode, options => options.QuotaAccountClaimType = "org_id");
        var quota = app.App.Services.GetRequiredService<InMemoryQuotaService>();
        quota.SetBalance("user-1", 50);

        // Act
        using var response = await PostAsync(app, Token(s_signingKey, ("sub", "user-1")));

        // Assert
        await ErrorAssert.BusinessAsync(response, 402, 402000);
        Assert.Equal(50, quota.GetAvailable("user-1"));
    }

    private static Task<HttpResponseMessage> PostAsync(TestAppHandle app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.Client.SendAsync(request);
    }

    private static string Token(SecurityKey key, params (string Type, string Value)[] claims) =>
        Token(key, DateTime.UtcNow.AddHours(1), Audience, claims);

    private static string Token(SecurityKey key, DateTime expires, string audience, params (string Type, string Value)[] claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = expires.AddHours(-3),
            IssuedAt = expires.AddHours(-3),
            Expires = expires,
            Subject = new ClaimsIdentity(claims.Select(static c => new Claim(c.Type, c.Value))),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect, Action<ApiErrorsOptions>? configure = null, bool mapInboundClaims = false) =>
        TestApp.StartAsync(
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapPost("/v1/images", () => "generated").RequireAuthorization().RequireQuota(10);
            },
            options =>
            {
                options.Dialect = dialect;
                configure?.Invoke(options);
            },
            services =>
            {
                services.AddAuthorization();
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
                {
                    jwt.MapInboundClaims = mapInboundClaims;
                    jwt.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = Issuer,
                        ValidAudience = Audience,
                        IssuerSigningKey = s_signingKey,
                        ClockSkew = TimeSpan.Zero,
                    };
                });
            });
}
