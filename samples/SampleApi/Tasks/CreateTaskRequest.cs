using FluentValidation;

namespace SampleApi.Tasks;

/// <summary>The body of <c>POST /api/v1/tasks</c>.</summary>
public sealed class CreateTaskRequest
{
    /// <summary>The model; <c>echo-1</c> when omitted.</summary>
    public string? Model { get; init; }

    /// <summary>What the model echoes. Required.</summary>
    public string? Prompt { get; init; }

    /// <summary>At most this many tokens (1-4096).</summary>
    public int? MaxTokens { get; init; }
}

/// <summary>Registered as a scoped <c>IValidator&lt;CreateTaskRequest&gt;</c> in Program.cs; runs before the action.</summary>
public sealed class CreateTaskRequestValidator : AbstractValidator<CreateTaskRequest>
{
    public CreateTaskRequestValidator()
    {
        RuleFor(x => x.Prompt).NotEmpty().MaximumLength(1000);
        RuleFor(x => x.MaxTokens).InclusiveBetween(1, 4096);
    }
}
