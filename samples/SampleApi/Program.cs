using ErrorMiddleware;
using FluentValidation;
using Microsoft.AspNetCore.Http.Timeouts;
using Scalar.AspNetCore;
using SampleApi.Diagnostics;
using SampleApi.Endpoints;
using SampleApi.Infrastructure;
using SampleApi.Tasks;

var builder = WebApplication.CreateBuilder(args);

// Without a launch profile (dotnet run --no-launch-profile, dotnet SampleApi.dll) the sample still listens where the
// README says; --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS and Kestrel:Endpoints all take precedence.
if (string.IsNullOrEmpty(builder.Configuration["urls"])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://localhost:5080");
}

// The demo's state, in memory: accounts (balances, limits), models, tasks, the database, the GPU.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SampleAccounts>();
builder.Services.AddSingleton<SampleModels>();
builder.Services.AddSingleton<TaskStore>();
builder.Services.AddSingleton<SampleDatabase>();
builder.Services.AddSingleton<Maintenance>();

// Balances and freezes: in memory, or shared by every instance with Quota:Store=PostgreSql + Quota:ConnectionString.
SampleStores.AddQuotaStore(builder.Services, builder.Configuration);

// Errors: the "ApiErrors" section of appsettings.json (or ApiErrors__Dialect=ProblemDetails) picks the dialect.
builder.Services.AddApiErrors();
builder.Services.AddControllers()
    .AddJsonOptions(o => o.JsonSerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
// One validator, registered as FluentValidation.DependencyInjectionExtensions' AddValidatorsFromAssemblyContaining<Program>()
// would (README); the sample stays on the library's lowest FluentValidation, which that package does not support.
builder.Services.AddScoped<IValidator<CreateTaskRequest>, CreateTaskRequestValidator>();
builder.Services.AddOpenApi(o => o.AddApiErrorResponses());

// API keys from the "ApiKeys" section (Authorization: Bearer <key> or X-Api-Key); the Admin policy for deletions.
builder.Services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddApiKeyAuthentication();
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(SamplePolicies.Admin, policy => policy.RequireAuthenticatedUser()
        .RequireAssertion(context => context.Resource is HttpContext http && http.RequestServices.GetRequiredService<SampleAccounts>().IsAdmin(context.User)));

// Rate limiting: a fixed window per API key (its size from the key's account), and the GPU's concurrency limiter,
// whose rejections are server overload (530002 / 503) rather than 429. In memory, or shared by every instance with
// RateLimiting:Store=Redis + RateLimiting:ConnectionString.
SampleStores.AddRateLimitStore(builder.Services, builder.Configuration);

// Request timeouts (named policies answer 408): a long poll gives up after 1 s, an inference after 2 s.
builder.Services.AddRequestTimeouts(o =>
{
    o.AddPolicy(SamplePolicies.LongPoll, TimeSpan.FromSeconds(1));
    o.AddPolicy(SamplePolicies.Inference, TimeSpan.FromSeconds(2));
});

// Upstream services (down in the demo: nothing listens on 127.0.0.1:1).
builder.Services.AddHttpClient(SamplePolicies.StorageClient, (services, client) =>
{
    client.BaseAddress = new Uri(services.GetRequiredService<IConfiguration>()["Upstreams:Storage"]!);
    client.Timeout = TimeSpan.FromSeconds(5);
});
builder.Services.AddHttpClient(SamplePolicies.EmbeddingsClient, (services, client) =>
{
    client.BaseAddress = new Uri(services.GetRequiredService<IConfiguration>()["Upstreams:Embeddings"]!);
    client.Timeout = TimeSpan.FromSeconds(5);
});

var app = builder.Build();
app.UseApiErrors();
app.UseRouting();
app.UseApiPathValidation();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestTimeouts();

// The OpenAPI document (/openapi/v1.json) lists every operation's error responses with examples (ErrorMiddleware.OpenApi);
// in Development, Scalar's interactive reference at /scalar shows them.
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapGet("/", () => Results.Ok(new { name = "ErrorMiddleware SampleApi" }));
app.MapOpenAiApi();
app.MapControllers();

// bench/soak.sh reads the error counter and the GC heap here; mapped only with Soak:Diagnostics=true, loopback only.
SoakDiagnostics.Map(app);

app.Run();

/// <summary>The sample's entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program
{
}
