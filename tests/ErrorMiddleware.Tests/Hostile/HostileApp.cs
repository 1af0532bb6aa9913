using ErrorMiddleware.Tests.Auth;
using ErrorMiddleware.Tests.TestInfrastructure;
using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>
/// One Kestrel app on 127.0.0.1 shaped like the sample, shared by the whole corpus: under each dialect's prefix a
/// validated minimal POST, an MVC controller with a body, API-key protected GET, a route value, a query, an upload
/// limited to 4 KB; <c>/health</c> answers "ok" for the "server still up" check.
/// </summary>
public sealed class HostileApp : IAsyncLifetime
{
    /// <summary>The upload limit of <c>{prefix}/upload</c>, in bytes.</summary>
    public const int UploadLimit = 4096;

    private TestAppHandle? _app;

    internal TestAppHandle App => _app ?? throw new InvalidOperationException("Not started.");

    internal int Port => new Uri(App.App.Urls.First()).Port;

    /// <summary>The route prefix whose endpoints answer in <paramref name="dialect"/>.</summary>
    public static string Prefix(ErrorDialect dialect) => dialect switch
    {
        ErrorDialect.Wanqing => "/v1",
        ErrorDialect.ProblemDetails => "/pd",
        _ => "/bc",
    };

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            Map,
            options => options.Dialect = ErrorDialect.BusinessCode,
            services =>
            {
                services.AddControllers().AddApplicationPart(typeof(HostileApp).Assembly);
                services.AddTestValidators();
                services.AddSingleton<IApiKeyStore>(ApiKeyAuthenticationTests.CreateStore());
                services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
                services.AddAuthorization();
            },
            kestrel: true,
            configureBuilder: builder => builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/health", () => "ok");
        MapGroup(app.MapGroup("/bc"));
        MapGroup(app.MapGroup("/v1").WithErrorDialect(ErrorDialect.Wanqing));
        MapGroup(app.MapGroup("/pd").WithErrorDialect(ErrorDialect.ProblemDetails));
        app.MapControllers();
    }

    private static void MapGroup(RouteGroupBuilder group)
    {
        group.MapPost("/tasks", (CreateTaskRequest request) => Results.Ok(new { request.Prompt })).WithApiValidation();
        group.MapGet("/me", (System.Security.Claims.ClaimsPrincipal user) => "authenticated").RequireAuthorization();
        group.MapGet("/items/{id}", (int id) => Results.Ok(new { id }));
        group.MapGet("/search", (int page, string q) => Results.Ok(new { page, q }));
        group.MapPost("/upload", async (HttpContext context) =>
        {
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = UploadLimit;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            return "read";
        });
    }
}
