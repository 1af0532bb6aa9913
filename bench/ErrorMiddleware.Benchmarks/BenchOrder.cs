namespace ErrorMiddleware.Benchmarks;

/// <summary>The body of <c>POST /validate</c>.</summary>
public sealed record BenchOrder(string? Name, int Quantity);
