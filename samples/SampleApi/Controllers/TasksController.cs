using System.Text;
using ErrorMiddleware;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SampleApi.Infrastructure;
using SampleApi.Tasks;

namespace SampleApi.Controllers;

/// <summary>
/// The BusinessCode group's asynchronous task API. Every answer is the document's envelope: <c>code</c> 0 on success,
/// the documented code on failure (thrown, and written by ErrorMiddleware).
/// </summary>
[ApiController]
[Route("api/v1/tasks")]
[Authorize]
[EnableRateLimiting(SamplePolicies.PerKey)]
public sealed class TasksController(TaskStore tasks, SampleModels models) : ControllerBase
{
    /// <summary>Lists the tasks.</summary>
    [HttpGet]
    public IActionResult List() => Ok(ApiResponse.Success(tasks.List()));

    /// <summary>
    /// Creates a task: validated body, costs 10 units of quota (released when creation fails). The BusinessCode
    /// document answers a successful submission of an asynchronous task with HTTP 200 and code 0, not 201.
    /// </summary>
    [HttpPost]
    [RequireQuota(SamplePolicies.RequestCost)]
    public async Task<IActionResult> Create(CreateTaskRequest request, CancellationToken cancellationToken)
    {
        var model = models.ForInference(request.Model);
        var task = await tasks.CreateAsync(SampleAccounts.AccountId(User)!, model, request.Prompt!, cancellationToken);
        return Ok(ApiResponse.Success(task));
    }

    /// <summary>One task; 404000 when there is none.</summary>
    [HttpGet("{id}")]
    public IActionResult Get(string id) => Ok(ApiResponse.Success(tasks.Get(id)));

    /// <summary>Deletes a task: administrators only (the <c>Admin</c> policy; 403000 for everyone else).</summary>
    [HttpDelete("{id}")]
    [Authorize(Policy = SamplePolicies.Admin)]
    public IActionResult Delete(string id) =>
        tasks.Delete(id) ? Ok(ApiResponse.Success<object?>(null)) : throw new ResourceNotFoundException($"The task '{id}' does not exist.");

    /// <summary>Average prompt length of a model's tasks. (Its bug: a model without tasks has no average → 530003.)</summary>
    [HttpGet("stats")]
    public IActionResult Stats(string model = SampleModels.DefaultModel) =>
        Ok(ApiResponse.Success(new { model, average_prompt_length = tasks.List().Where(t => t.Model == model).Average(t => t.Prompt.Length) }));

    /// <summary>The task's events, from the database (whose <c>task_events</c> table was never migrated → 500002).</summary>
    [HttpGet("{id}/events")]
    public async Task<IActionResult> Events(string id, [FromServices] SampleDatabase database, CancellationToken cancellationToken)
    {
        var task = tasks.Get(id);
        var rows = await database.QueryAsync(
            "SELECT id, kind, created_at FROM task_events WHERE task_id = $task ORDER BY id",
            new Dictionary<string, object?> { ["$task"] = task.Id },
            cancellationToken);
        return Ok(ApiResponse.Success(rows));
    }

    /// <summary>The task's result file, from the storage service (which is down → 500003).</summary>
    [HttpGet("{id}/result")]
    public async Task<IActionResult> Result(string id, [FromServices] IHttpClientFactory http, CancellationToken cancellationToken)
    {
        var task = tasks.Get(id);
        using var client = http.CreateClient(SamplePolicies.StorageClient);
        var content = await client.GetStringAsync(new Uri($"results/{Uri.EscapeDataString(task.Id)}", UriKind.Relative), cancellationToken);
        return Ok(ApiResponse.Success(new { task.Id, content }));
    }

    /// <summary>Long-polls until the task is done; the <c>long-poll</c> timeout policy ends the wait with 408000.</summary>
    [HttpGet("{id}/wait")]
    [RequestTimeout(SamplePolicies.LongPoll)]
    public async Task<IActionResult> Wait(string id, CancellationToken cancellationToken)
    {
        while (tasks.Get(id).Status == "queued")
        {
            await Task.Delay(100, cancellationToken);
        }

        return Ok(ApiResponse.Success(tasks.Get(id)));
    }

    /// <summary>Attaches a text note to a task: at most 256 bytes (Kestrel's body limit → 413000).</summary>
    [HttpPost("{id}/attachments")]
    [RequestSizeLimit(SamplePolicies.MaxAttachmentBytes)]
    public async Task<IActionResult> Attach(string id, CancellationToken cancellationToken)
    {
        var task = tasks.Get(id);
        using var reader = new StreamReader(Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return Ok(ApiResponse.Success(new { task_id = task.Id, bytes = Encoding.UTF8.GetByteCount(text) }));
    }
}
