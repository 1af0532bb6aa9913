using System.Collections.Concurrent;
using System.Globalization;
using ErrorMiddleware;
using SampleApi.Infrastructure;

namespace SampleApi.Tasks;

/// <summary>
/// The asynchronous tasks, in memory. The fake scheduler runs a task on its model at once, except that it cannot
/// schedule a prompt of <see cref="FailOnCreate"/> (so a client can see 500004). Two tasks exist from the start:
/// <c>tsk_demo</c> (succeeded) and <c>tsk_queued</c> (queued on a model with no free worker; it never finishes).
/// </summary>
public sealed class TaskStore
{
    public const string FailOnCreate = "fail-on-create";
    public const string DemoTaskId = "tsk_demo";
    public const string QueuedTaskId = "tsk_queued";

    private readonly ConcurrentDictionary<string, SampleTask> _tasks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _nextId;

    public TaskStore(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        _tasks[DemoTaskId] = new SampleTask(DemoTaskId, "acct-demo", SampleModels.DefaultModel, "hello", "succeeded", "hello", now);
        _tasks[QueuedTaskId] = new SampleTask(QueuedTaskId, "acct-demo", SampleModels.DefaultModel, "later", "queued", null, now);
    }

    public IReadOnlyList<SampleTask> List() => [.. _tasks.Values.OrderBy(task => task.Id, StringComparer.Ordinal)];

    /// <exception cref="ResourceNotFoundException">No task has this id (404000).</exception>
    public SampleTask Get(string id) =>
        _tasks.TryGetValue(id, out var task) ? task : throw new ResourceNotFoundException($"The task '{id}' does not exist.");

    /// <exception cref="ApiException">The scheduler could not take the task (500004).</exception>
    public async Task<SampleTask> CreateAsync(string accountId, SampleModels.Model model, string prompt, CancellationToken cancellationToken)
    {
        if (prompt == FailOnCreate)
        {
            throw new ApiException(ErrorKind.TaskCreationFailed);
        }

        var id = "tsk_" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var output = await SampleModels.RunAsync(model, prompt, cancellationToken);
        var task = new SampleTask(id, accountId, model.Id, prompt, "succeeded", output, _time.GetUtcNow());
        _tasks[id] = task;
        return task;
    }

    public bool Delete(string id) => _tasks.TryRemove(id, out _);
}

/// <summary>One asynchronous task.</summary>
public sealed record SampleTask(string Id, string Owner, string Model, string Prompt, string Status, string? Output, DateTimeOffset CreatedAt);
