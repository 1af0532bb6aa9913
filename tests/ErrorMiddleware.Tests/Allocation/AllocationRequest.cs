namespace ErrorMiddleware.Tests.Allocation;

/// <summary>The body of the FluentValidation case: validated synchronously so one request runs on one thread.</summary>
public sealed class AllocationRequest
{
    public string? Prompt { get; set; }

    public int MaxTokens { get; set; } = 16;
}
