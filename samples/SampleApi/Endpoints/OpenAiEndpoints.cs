using System.Text;
using ErrorMiddleware;
using Microsoft.AspNetCore.Mvc;
using SampleApi.Infrastructure;

namespace SampleApi.Endpoints;

/// <summary>
/// The Wanqing (OpenAI-compatible) <c>/v1</c> group, built with minimal APIs: every route needs an API key, is
/// rate-limited per key, and answers errors in the Wanqing dialect.
/// </summary>
internal static class OpenAiEndpoints
{
    public static RouteGroupBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1")
            .WithErrorDialect(ErrorDialect.Wanqing)
            .WithTags("OpenAI-compatible")
            .RequireAuthorization()
            .RequireRateLimiting(SamplePolicies.PerKey);

        v1.MapChatCompletions();

        v1.MapGet("/models/{model}", (string model, SampleModels models) =>
            models.Find(model) is { } found
                ? Results.Ok(new { id = found.Id, @object = "model", owned_by = "sample", stopped = found.Stopped })
                : throw new ResourceNotFoundException())
            .WithName("RetrieveModel");

        v1.MapDelete("/models/{model}", (string model) => Results.Ok(new { id = model, @object = "model", deleted = true }))
            .WithName("DeleteModel")
            .RequireAuthorization(SamplePolicies.Admin);

        v1.MapPost("/files", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(cancellationToken);
            return Results.Ok(new { @object = "file", bytes = Encoding.UTF8.GetByteCount(text), purpose = "assistants" });
        })
            .WithName("UploadFile")
            .WithMetadata(new RequestSizeLimitAttribute(SamplePolicies.MaxAttachmentBytes));

        v1.MapGet("/usage", async (HttpContext context, SampleDatabase database) =>
        {
            var rows = await database.QueryAsync(
                "SELECT day, tokens FROM usage WHERE account = $account ORDER BY day",
                new Dictionary<string, object?> { ["$account"] = SampleAccounts.AccountId(context.User) },
                context.RequestAborted);
            return Results.Ok(new { @object = "list", data = rows });
        })
            .WithName("GetUsage");

        v1.MapPost("/embeddings", async (IHttpClientFactory http, HttpRequest request, CancellationToken cancellationToken) =>
        {
            using var client = http.CreateClient(SamplePolicies.EmbeddingsClient);
            using var body = new StreamContent(request.Body);
            body.Headers.ContentType = new("application/json");
            using var upstream = await client.PostAsync(new Uri("embeddings", UriKind.Relative), body, cancellationToken);
            upstream.EnsureSuccessStatusCode();
            return Results.Stream(await upstream.Content.ReadAsStreamAsync(cancellationToken), "application/json");
        })
            .WithName("CreateEmbedding");

        v1.MapPost("/images/generations", () => Results.Ok(new { created = 0, data = new[] { new { url = "https://example.invalid/echo.png" } } }))
            .WithName("CreateImage")
            .RequireRateLimiting(SamplePolicies.Gpu);

        v1.MapGet("/fine_tuning/jobs", (Maintenance maintenance) =>
        {
            maintenance.EnsureAvailable("fine_tuning");
            return Results.Ok(new { @object = "list", data = Array.Empty<object>() });
        })
            .WithName("ListFineTuningJobs");

        v1.MapGet("/rpc", ([FromQuery(Name = "Action")] string? action, SampleModels models) => action switch
        {
            null or "" => throw new ApiException(ErrorKind.MissingAction),
            "ListModels" => Results.Ok(new { @object = "list", data = models.All.Select(m => new { id = m.Id, @object = "model" }) }),
            _ => throw new ValidationFailedException("Action", $"The action '{action}' does not exist."),
        })
            .WithName("Rpc")
            .WithSummary("The RPC-style entry point: GET /v1/rpc?Action=ListModels.");

        return v1;
    }
}
