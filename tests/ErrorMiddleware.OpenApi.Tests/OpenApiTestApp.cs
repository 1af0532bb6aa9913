using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using ErrorMiddleware.Tests.TestInfrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware.OpenApi.Tests;

/// <summary>
/// A small API whose every documented failure can be triggered: the request <see cref="ValidRequest"/> builds
/// succeeds, and each trigger changes one thing about it.
/// </summary>
internal static class OpenApiTestApp
{
    public const string BalanceHeader = "X-Balance";
    public const string FailHeader = "X-Fail";
    public const string ClientHeader = "X-Client";

    public static Task<TestAppHandle> StartAsync() => TestApp.StartAsync(
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseRateLimiter();
            app.MapOpenApi();

            var api = app.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
            {
                if (context.HttpContext.Request.Headers.ContainsKey(FailHeader))
                {
                    throw new InvalidOperationException("test fault");
                }

                return await next(context);
            });

            api.MapGet("/items/{id:int}", (int id) => id == 1 ? Results.Ok(new { id }) : throw new ResourceNotFoundException());
            api.MapPost("/tasks", (TaskRequest request) => Validate(request));
            api.MapGet("/secure", () => Results.Ok()).RequireAuthorization();
            api.MapGet("/secure/anonymous", () => Results.Ok()).RequireAuthorization().AllowAnonymous();
            api.MapGet("/admin", () => Results.Ok()).RequireAuthorization("admin");
            api.MapGet("/limited", () => Results.Ok()).RequireRateLimiting("per-client");
            api.MapGet("/quota", () => Results.Ok()).WithMetadata(new TestQuotaCost(5)).AddEndpointFilter(QuotaFilter);
            api.MapGet("/problem/{id:int}", (int id) => id == 1 ? Results.Ok() : throw new ResourceNotFoundException())
                .WithErrorDialect(ErrorDialect.ProblemDetails);

            var v1 = api.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing);
            v1.MapPost("/chat", (TaskRequest request) => Validate(request))
                .RequireAuthorization()
                .RequireRateLimiting("per-client")
                .WithMetadata(new TestQuotaCost(1))
                .AddEndpointFilter(QuotaFilter);
        },
        configureServices: services =>
        {
            services.AddOpenApi(o => o.AddApiErrorResponses());
            services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
            services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>("Test", null);
            services.AddAuthorizationBuilder().AddPolicy("admin", p => p.RequireClaim("role", "admin"));
            services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.AddPolicy("per-client", context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Request.Headers[ClientHeader].ToString(),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            });
        });

    /// <summary>A request to the operation that succeeds.</summary>
    public static HttpRequestMessage ValidRequest(string method, string pathTemplate, bool hasBody)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), pathTemplate.Replace("{id}", "1", StringComparison.Ordinal));
        request.Headers.Authorization = new("Bearer", "admin");
        request.Headers.Add(ClientHeader, Guid.NewGuid().ToString("N"));
        if (hasBody)
        {
            request.Content = new StringContent("{\"prompt\":\"hello\"}", System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static IResult Validate(TaskRequest request) =>
        string.IsNullOrEmpty(request.Prompt)
            ? throw new ValidationFailedException([new FieldError("prompt", "'prompt' must not be empty.", isMissing: true)])
            : Results.Ok(new { request.Prompt });

    private static async ValueTask<object?> QuotaFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.Headers[BalanceHeader] == "0")
        {
            throw new QuotaExceededException();
        }

        return await next(context);
    }
}

internal sealed class TaskRequest
{
    public required string Prompt { get; init; }
}

internal sealed class TestQuotaCost(long cost) : IQuotaCostMetadata
{
    public long Cost { get; } = cost;
}

/// <summary>
/// "Bearer admin" (role admin) and "Bearer user" authenticate; any other value fails; no header is no result.
/// The challenge throws the library's exceptions, as an API-key handler built on the library does.
/// </summary>
internal sealed class TestAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = header switch
        {
            "Bearer admin" => new[] { new Claim(ClaimTypes.Name, "admin"), new Claim("role", "admin") },
            "Bearer user" => [new Claim(ClaimTypes.Name, "user")],
            _ => null,
        };
        return Task.FromResult(claims is null
            ? AuthenticateResult.Fail("bad key")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")), "Test")));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Request.Headers.Authorization.Count == 0)
        {
            throw new ApiException(ErrorKind.AuthenticationMissing);
        }

        throw new ApiException(ErrorKind.AuthenticationInvalid);
    }
}
