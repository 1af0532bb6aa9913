using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.Tests.Auth;

/// <summary>The authorization hooks with schemes other than the library's own, and with MVC.</summary>
public sealed class AuthorizationResultTests
{
    private static readonly ExpectedError s_missing = new(401, 401001, "Authorization information missing", 401, "Unauthorized", "AUTH_INFO missing");
    private static readonly ExpectedError s_invalid = new(401, 401002, "Unauthorized (Invalid API Key/Token)", 400, "InvalidArgument.Authorization", "The provided API key is invalid.");
    private static readonly ExpectedError s_forbidden = new(403, 403000, "Access denied (e.g., account frozen, banned App ID, or accessing unauthorized resources).", 403, "Forbidden", "The request was denied by the server.");

    public static TheoryData<ErrorDialect> AllDialects => new(ExpectedError.Dialects);

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task OtherScheme_NoCredentials_WritesMissingAndKeepsItsChallengeHeader(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartTokenAppAsync(dialect);

        // Act
        using var response = await app.Client.GetAsync("/token");

        // Assert
        await s_missing.AssertAsync(response, dialect);
        Assert.Equal("Token realm=\"test\"", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task OtherScheme_FailedToken_WritesInvalidWithoutTheSchemeMessage(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartTokenAppAsync(dialect);

        // Act
        using var response = await SendTokenAsync(app, "/token", "forged");

        // Assert
        await s_invalid.AssertAsync(response, dialect);
        Assert.DoesNotContain("signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Token realm=\"test\"", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task OtherScheme_ValidToken_RunsHandler()
    {
        // Arrange
        await using var app = await StartTokenAppAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await SendTokenAsync(app, "/token", "good");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("token ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherScheme_ChallengeWritesItsOwnResponse_IsNotWrittenTwice()
    {
        // Arrange
        await using var app = await StartTokenAppAsync(ErrorDialect.BusinessCode, writeOwnChallenge: true);

        // Act
        using var response = await app.Client.GetAsync("/token");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("the scheme's own challenge", await response.Content.ReadAsStringAsync());
        var entry = Assert.Single(app.Logs.For("AuthorizationAnsweredByScheme"));
        Assert.Equal(200, entry.EventId.Id);
    }

    [Fact]
    public async Task CookieScheme_Challenge_KeepsRedirect()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(
            a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
                a.MapGet("/page", () => "page").RequireAuthorization();
            },
            configureServices: services =>
            {
                services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                services.AddAuthorization();
            });

        // Act
        using var response = await app.Client.GetAsync("/page");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task MvcGlobalAuthorizeFilter_NoCredentials_WritesMissing(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartMvcAppAsync(dialect);

        // Act
        using var response = await app.Client.GetAsync("/access-auth/mvc/open");

        // Assert
        await s_missing.AssertAsync(response, dialect);
        Assert.Equal("Token realm=\"test\"", response.Headers.WwwAuthenticate.Single().ToString());
    }

    [Fact]
    public async Task MvcGlobalAuthorizeFilter_FailedToken_WritesInvalid()
    {
        // Arrange
        await using var app = await StartMvcAppAsync(ErrorDialect.Wanqing);

        // Act
        using var response = await SendTokenAsync(app, "/access-auth/mvc/open", "forged");

        // Assert
        await s_invalid.AssertAsync(response, ErrorDialect.Wanqing);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task MvcAction_ReturnsForbid_WritesForbidden(ErrorDialect dialect)
    {
        // Arrange
        await using var app = await StartMvcAppAsync(dialect);

        // Act
        using var response = await SendTokenAsync(app, "/access-auth/mvc/forbid", "good");

        // Assert
        await s_forbidden.AssertAsync(response, dialect);
    }

    [Fact]
    public async Task MvcAction_ReturnsChallenge_WritesMissing()
    {
        // Arrange
        await using var app = await StartMvcAppAsync(ErrorDialect.BusinessCode);

        // Act
        using var response = await app.Client.GetAsync("/access-auth/mvc/challenge");

        // Assert
        await s_missing.AssertAsync(response, ErrorDialect.BusinessCode);
    }

    [Fact]
    public async Task ApplicationHandler_RegisteredBeforeAddApiErrors_IsKept()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, OwnResultHandler>();

        // Act
        services.AddApiErrors();
        services.AddAuthorization();

        // Assert
        var registered = services.Where(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler)).ToList();
        Assert.Equal(typeof(OwnResultHandler), Assert.Single(registered).ImplementationType);
    }

    [Fact]
    public async Task FrameworkHandler_RegisteredBeforeAddApiErrors_IsReplaced()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddAuthorization();

        // Act
        services.AddApiErrors();

        // Assert
        var registered = services.Where(d => d.ServiceType == typeof(Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler)).ToList();
        Assert.Equal(typeof(ApiErrorsAuthorizationResultHandler), Assert.Single(registered).ImplementationType);
        await Task.CompletedTask;
    }

    internal static Task<HttpResponseMessage> SendTokenAsync(TestAppHandle app, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return app.Client.SendAsync(request);
    }

    private static Task<TestAppHandle> StartTokenAppAsync(ErrorDialect dialect, bool writeOwnChallenge = false) => TestApp.StartAsync(
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/token", () => "token ok").RequireAuthorization();
        },
        o => o.Dialect = dialect,
        services =>
        {
            services.AddAuthentication(TokenHandler.SchemeName).AddScheme<TokenOptions, TokenHandler>(TokenHandler.SchemeName, o => o.WriteOwnChallenge = writeOwnChallenge);
            services.AddAuthorization();
        },
        configureBuilder: builder => builder.Logging.AddFilter(_ => true));

    private static Task<TestAppHandle> StartMvcAppAsync(ErrorDialect dialect) => TestApp.StartAsync(
        app =>
        {
            app.UseAuthentication();
            app.MapControllers();
        },
        o => o.Dialect = dialect,
        services =>
        {
            services.AddAuthentication(TokenHandler.SchemeName).AddScheme<TokenOptions, TokenHandler>(TokenHandler.SchemeName, _ => { });
            services.AddControllers(o => o.Filters.Add(new AuthorizeFilter()))
                .AddApplicationPart(typeof(AuthorizationResultTests).Assembly);
        });

    private sealed class OwnResultHandler : Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler
    {
        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult) =>
            next(context);
    }
}

public sealed class TokenOptions : AuthenticationSchemeOptions
{
    public bool WriteOwnChallenge { get; set; }
}

/// <summary>A scheme that is not the library's: <c>Authorization: Token good</c> succeeds, any other token fails.</summary>
internal sealed class TokenHandler(IOptionsMonitor<TokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<TokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Token ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (header == "Token good")
        {
            var identity = new System.Security.Claims.ClaimsIdentity(SchemeName);
            identity.AddClaim(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "token-user"));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName)));
        }

        return Task.FromResult(AuthenticateResult.Fail("token signature invalid"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        if (Options.WriteOwnChallenge)
        {
            Response.ContentType = "text/plain";
            await Response.WriteAsync("the scheme's own challenge");
            return;
        }

        Response.Headers.Append("WWW-Authenticate", "Token realm=\"test\"");
    }
}

[ApiController]
[Route("access-auth/mvc")]
public sealed class AccessAuthController : ControllerBase
{
    [HttpGet("open")]
    public string Open() => "open";

    [HttpGet("forbid")]
    public IActionResult ForbidMe() => Forbid();

    [AllowAnonymous]
    [HttpGet("challenge")]
    public IActionResult ChallengeMe() => Challenge();
}
