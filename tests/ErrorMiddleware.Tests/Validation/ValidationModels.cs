using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using FluentValidation;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>A body validated by FluentValidation (<see cref="CreateTaskRequestValidator"/>).</summary>
public sealed class CreateTaskRequest
{
    public string? Prompt { get; set; }

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; set; } = 16;

    public List<ChatMessage>? Messages { get; set; }
}

public sealed class ChatMessage
{
    public string? Role { get; set; }
}

public sealed class CreateTaskRequestValidator : AbstractValidator<CreateTaskRequest>
{
    public CreateTaskRequestValidator()
    {
        RuleFor(x => x.Prompt).NotEmpty();
        RuleFor(x => x.Prompt)
            .MustAsync(async (prompt, cancellationToken) =>
            {
                await Task.Delay(1, cancellationToken);
                return prompt != "forbidden";
            })
            .WithMessage("'{PropertyName}' is not allowed.");
        RuleFor(x => x.MaxTokens).InclusiveBetween(1, 4096);
        RuleForEach(x => x.Messages).ChildRules(message => message.RuleFor(m => m.Role).NotEmpty());
    }
}

/// <summary>A body validated by DataAnnotations only (no FluentValidation validator).</summary>
public sealed class AnnotatedRequest
{
    [Required]
    public string? Name { get; set; }

    [Range(1, 10)]
    [JsonPropertyName("item_count")]
    public int Count { get; set; } = 1;
}

/// <summary>A non-nullable property (implicit [Required]) that FluentValidation also checks.</summary>
public sealed class StrictRequest
{
    public string Title { get; set; } = null!;
}

public sealed class StrictRequestValidator : AbstractValidator<StrictRequest>
{
    public StrictRequestValidator()
    {
        RuleFor(x => x.Title).NotEmpty();
    }
}

/// <summary>Checked with a snake_case naming policy and no attributes.</summary>
public sealed class SamplingRequest
{
    public double? TopP { get; set; }
}

public sealed class SamplingRequestValidator : AbstractValidator<SamplingRequest>
{
    public SamplingRequestValidator()
    {
        RuleFor(x => x.TopP).NotNull();
    }
}

/// <summary>[Required] with the application's own (non-English) message: still "missing", recognised without its text.</summary>
public sealed class LocalizedRequiredRequest
{
    [Required(ErrorMessage = "Bitte {0} angeben.")]
    public string? Name { get; set; }
}

/// <summary>Sent to an MVC action and to a minimal endpoint alike: names must come out the same.</summary>
public sealed class NamingRequest
{
    public string? ModelName { get; set; }

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; set; } = 16;

    public int TopK { get; set; }

    public List<ChatMessage>? ChatMessages { get; set; }

    public Dictionary<string, int>? Weights { get; set; }
}

public sealed class NamingRequestValidator : AbstractValidator<NamingRequest>
{
    public NamingRequestValidator()
    {
        RuleFor(x => x.ModelName).NotEmpty();
        RuleFor(x => x.MaxTokens).InclusiveBetween(1, 4096);
        RuleForEach(x => x.ChatMessages).ChildRules(message => message.RuleFor(m => m.Role).NotEmpty());
    }
}
