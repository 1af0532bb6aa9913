using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Auth;

public sealed class ApiKeyAuthenticationTests
{
    private const string ActiveKey = "sk-test-active-1234";
    private const string DisabledKey = "sk-test-disabled-6789";
    private const string FrozenKey = "sk-test-frozen-0000";

    private static readonly ExpectedError s_missing = new(401, 401001, "Authorization information missing", 401, "Unauthorized", "AUTH_INFO missing");
    private static readonly ExpectedError s_invalid = new(401, 401002, "Unauthorized (Invalid API Key/Token)", 400, "InvalidArgument.Authorization", "The provided API key is invalid.");
    private static readonly ExpectedError s_disabled = new(401, 401002, "Unauthorized (Invalid API Key/Token)", 403, "Forbidden", "AccessKey:sk-****6789 IS UNAVAILABLE");
    private static readonly ExpectedError s_frozen = new(403, 403000, "Access denied (e.g., account frozen, banned App ID, or accessing unauthorized resources).", 403, "Forbidden.Frozen", "User has been frozen.");
    private static readonly ExpectedError s_forbidden = new(403, 403000, "Access denied (e.g., account frozen, banned App ID, or accessing unauthorized resources).", 403, "Forbidden", "The request was denied by the server.");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ApiKey_Missing_WritesAuthorizationMissingAndKeepsChallenge(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await app.Client.GetAsync("/me");

        // Assert
        await s_missing.AssertAsync(response, dialect);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ApiKey_Unknown_WritesInvalidCredentialsAndKeepsChallenge(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await SendAsync(app, "/me", bearer: "sk-not-a-real-key-5555");

        // Assert
        await s_invalid.AssertAsync(response, dialect);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ApiKey_Disabled_WritesUnavailableWithMaskedKey(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await SendAsync(app, "/me", bearer: DisabledKey);

        // Assert
        await s_disabled.AssertAsync(response, dialect);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(DisabledKey, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task ApiKey_AccountFrozen_WritesFrozen(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await SendAsync(app, "/me", bearer: FrozenKey);

        // Assert
        await s_frozen.AssertAsync(response, dialect);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Policy_DeniesAuthenticatedUser_WritesForbidden(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartAsync(dialect);

        // Act
        using var response = await SendAsync(app, "/admin", bearer: ActiveKey);

        // Assert
        await s_forbidden.AssertAsync(response, dialect);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Policy_FailsWithReason_WritesTheReasonAsMessage()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.Wanqing);

        // Act
        using var response = await SendAsync(app, "/reasoned", bearer: ActiveKey);

        // Assert
        var error = await ErrorAssert.WanqingAsync(response, 403, "Forbidden");
        Assert.Equal("Only operators may rotate keys.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ApiKey_ValidBearer_AuthenticatesOwner()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await SendAsync(app, "/me", bearer: ActiveKey);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiKey_ValidXApiKeyHeader_AuthenticatesOwner()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("X-Api-Key", ActiveKey);

        // Act
        using var response = await app.Client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct-1", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, ErrorDialect> CredentialsThatAreNotAKey()
    {
        var data = new TheoryData<string, ErrorDialect>();
        foreach (var dialect in ExpectedError.Dialects)
        {
            data.Add("Bearer   ", dialect);
            data.Add("Basic dXNlcjpwYXNzd29yZA==", dialect);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CredentialsThatAreNotAKey))]
    public async Task ApiKey_CredentialsThatAreNotAKey_AreInvalidNotMissing(string authorization, ErrorDialect dialect)
    {
        // Arrange: credentials were sent (an empty bearer token, another scheme), so they are invalid, not missing.
        await using var app = await StartAsync(dialect);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        // Act
        using var response = await app.Client.SendAsync(request);

        // Assert
        await s_invalid.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task ApiKey_BasicAuthorizationAndAValidKeyHeader_AuthenticatesWithTheKey()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNzd29yZA==");
        request.Headers.Add("X-Api-Key", ActiveKey);

        // Act
        using var response = await app.Client.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acct-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiKey_AccountFrozen_ChallengeBeforeAnyAuthentication_IsStillFrozen()
    {
        // Arrange: nothing authenticated this request yet (no authentication middleware ran).
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IApiKeyStore>(CreateStore())
            .AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication().Services
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Headers.Authorization = "Bearer " + FrozenKey;

        // Act
        var error = await AuthorizationErrors.ForChallengeAsync(context, []);

        // Assert
        Assert.Equal(ErrorKind.AccountFrozen, error.Kind);
    }

    [Fact]
    public async Task ApiKey_AccountFrozen_ChallengeIsAnsweredFromTheRequestWithoutAuthenticatingAgain()
    {
        // Arrange: the handler left its error on the request; authenticating again would throw here.
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton<IAuthenticationService, ThrowingAuthenticationService>().BuildServiceProvider() };
        ApiKeyAuthenticationFailure.Set(context, "ApiKey", new ApiError { Kind = ErrorKind.AccountFrozen });

        // Act
        var error = await AuthorizationErrors.ForChallengeAsync(context, ["ApiKey"]);

        // Assert
        Assert.Equal(ErrorKind.AccountFrozen, error.Kind);
    }

    [Fact]
    public async Task ApiKey_StoreThrows_WritesServerErrorNotAuthFailure()
    {
        // Arrange
        await using var app = await StartAsync(ErrorDialect.BusinessCode, new ThrowingStore());

        // Act
        using var response = await SendAsync(app, "/me", bearer: ActiveKey);

        // Assert
        await ErrorAssert.BusinessAsync(response, 500, 530003);
    }

    [Fact]
    public async Task ApiKey_ConfigurationSection_FillsDefaultStore()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            MapEndpoints,
            configureServices: services =>
            {
                services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
                services.AddAuthorization();
            },
            configureBuilder: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ApiKeys:0:Key"] = "sk-config-key-4242",
                ["ApiKeys:0:Owner"] = "acct-config",
                ["ApiKeys:1:Key"] = "sk-config-off-4343",
                ["ApiKeys:1:Owner"] = "acct-config",
                ["ApiKeys:1:Status"] = "Disabled",
            }));

        // Act
        using var ok = await SendAsync(app, "/me", bearer: "sk-config-key-4242");
        using var disabled = await SendAsync(app, "/me", bearer: "sk-config-off-4343");

        // Assert
        Assert.Equal("acct-config", await ok.Content.ReadAsStringAsync());
        await ErrorAssert.BusinessAsync(disabled, 401, 401002);
    }

    [Fact]
    public void InMemoryStore_UnknownStatusInConfiguration_Throws()
    {
        // Arrange
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKeys:0:Key"] = "k", ["ApiKeys:0:Owner"] = "o", ["ApiKeys:0:Status"] = "Sleeping",
        }).Build().GetSection("ApiKeys");

        // Act
        var exception = Assert.Throws<InvalidOperationException>(() => InMemoryApiKeyStore.FromConfiguration(section));

        // Assert
        Assert.Contains("Sleeping", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk-test-disabled-6789", "sk-****6789")]
    [InlineData("short", "****")]
    [InlineData("12345678", "****")]
    [InlineData("ab\u00e9defghij", "ab?****ghij")]
    public void Mask_Key_KeepsOnlyEnds(string key, string expected)
    {
        // Act
        var masked = ApiKeyMask.Mask(key);

        // Assert
        Assert.Equal(expected, masked);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        // Act
        var options = new ApiKeyAuthenticationOptions();

        // Assert
        Assert.True(options.AcceptBearerToken);
        Assert.Equal("X-Api-Key", options.HeaderName);
        Assert.Equal("ApiKey", ApiKeyAuthenticationDefaults.AuthenticationScheme);
        Assert.Equal("ApiKeys", ApiKeyAuthenticationDefaults.ConfigurationSectionName);
    }

    internal static InMemoryApiKeyStore CreateStore() => new InMemoryApiKeyStore()
        .Set(ActiveKey, "acct-1")
        .Set(DisabledKey, "acct-2", ApiKeyStatus.Disabled)
        .Set(FrozenKey, "acct-3", ApiKeyStatus.Frozen);

    internal static Task<HttpResponseMessage> SendAsync(TestAppHandle app, string path, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return app.Client.SendAsync(request);
    }

    private static Task<TestAppHandle> StartAsync(ErrorDialect dialect, IApiKeyStore? store = null) => TestApp.StartAsync(
        MapEndpoints,
        o => o.Dialect = dialect,
        services =>
        {
            services.AddSingleton(store ?? CreateStore());
            services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
            services.AddAuthorization(o =>
            {
                o.AddPolicy("admin", p => p.RequireRole("admin"));
                o.AddPolicy("operators", p => p.AddRequirements(new OperatorRequirement()));
            });
            services.AddSingleton<IAuthorizationHandler, OperatorHandler>();
        });

    private static void MapEndpoints(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)!.Value).RequireAuthorization();
        app.MapGet("/admin", () => "secret").RequireAuthorization("admin");
        app.MapGet("/reasoned", () => "rotated").RequireAuthorization("operators");
    }

    private sealed class OperatorRequirement : IAuthorizationRequirement;

    private sealed class OperatorHandler : AuthorizationHandler<OperatorRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
        {
            context.Fail(new AuthorizationFailureReason(this, "Only operators may rotate keys."));
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingAuthenticationService : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) => throw new InvalidOperationException("authenticated again");

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new InvalidOperationException();

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new InvalidOperationException();

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) => throw new InvalidOperationException();

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => throw new InvalidOperationException();
    }

    private sealed class ThrowingStore : IApiKeyStore
    {
        public ValueTask<ApiKeyValidationResult> ValidateAsync(ApiKeyValidationContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The key database is down.");
    }
}
