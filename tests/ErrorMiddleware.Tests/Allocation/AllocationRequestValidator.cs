using FluentValidation;

namespace ErrorMiddleware.Tests.Allocation;

/// <summary>Two synchronous rules: the measured request fails both (a missing field and an out-of-range one).</summary>
public sealed class AllocationRequestValidator : AbstractValidator<AllocationRequest>
{
    public AllocationRequestValidator()
    {
        RuleFor(x => x.Prompt).NotEmpty();
        RuleFor(x => x.MaxTokens).InclusiveBetween(1, 4096);
    }
}
