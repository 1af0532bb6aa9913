using ErrorMiddleware;

namespace SampleApi.Infrastructure;

/// <summary>
/// The fake models of the <c>Models</c> configuration section. Each echoes its prompt; <c>DelayMilliseconds</c> makes
/// it slow (so that a request timeout can strike), <c>Stopped</c> marks its inference endpoint as stopped.
/// </summary>
public sealed class SampleModels
{
    public const string DefaultModel = "echo-1";

    private readonly Dictionary<string, Model> _models;

    public SampleModels(IConfiguration configuration)
    {
        _models = configuration.GetSection("Models").GetChildren().ToDictionary(
            section => section.Key,
            section => (section.Get<Model>() ?? new Model()) with { Id = section.Key },
            StringComparer.Ordinal);
    }

    public IEnumerable<Model> All => _models.Values;

    public Model? Find(string id) => _models.GetValueOrDefault(id);

    /// <summary>The model a request may run on.</summary>
    /// <exception cref="ValidationFailedException">There is no such model (100002 / <c>InvalidArgument.RequestBodyInvalid</c>).</exception>
    /// <exception cref="ApiException">The model's endpoint is stopped.</exception>
    public Model ForInference(string? id, string field = "model")
    {
        id = string.IsNullOrEmpty(id) ? DefaultModel : id;
        var model = Find(id) ?? throw new ValidationFailedException(field, $"The model '{id}' does not exist.");
        if (model.Stopped)
        {
            throw new ApiException(ErrorKind.EndpointStopped);
        }

        return model;
    }

    /// <summary>Runs the fake model: waits its delay (observing the request's cancellation), then echoes.</summary>
    public static async Task<string> RunAsync(Model model, string prompt, CancellationToken cancellationToken)
    {
        if (model.DelayMilliseconds > 0)
        {
            await Task.Delay(model.DelayMilliseconds, cancellationToken);
        }

        return prompt;
    }

    public sealed record Model
    {
        public string Id { get; init; } = string.Empty;

        public bool Stopped { get; init; }

        public int DelayMilliseconds { get; init; }
    }
}
