using FluentValidation;

namespace ErrorMiddleware.Benchmarks;

/// <summary>Two rules, so that <c>{"name":"","quantity":0}</c> fails on two fields.</summary>
public sealed class BenchOrderValidator : AbstractValidator<BenchOrder>
{
    /// <summary>Creates the rules.</summary>
    public BenchOrderValidator()
    {
        RuleFor(o => o.Name).NotEmpty();
        RuleFor(o => o.Quantity).InclusiveBetween(1, 100);
    }
}
