using Xunit.Abstractions;

namespace ErrorMiddleware.Tests.Allocation;

/// <summary>
/// Allocation budgets of the error path, per error kind and dialect. Each test counts the bytes one request
/// allocates on its thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) through the real middleware, routing
/// and endpoints, and subtracts the same request with no error handling, so what the host allocates cancels out.
/// Allocations are exact, so a budget is the measured number plus a little (the comment on each row gives the
/// measured number): a change that allocates more on the error path fails here. Times are never asserted.
/// </summary>
/// <remarks>
/// Measured in process on a <c>DefaultHttpContext</c>, whose header dictionary allocates where Kestrel's known
/// headers do not: about 500 B of every error's count here is its response headers, 112 B the
/// <see cref="ResolvedError"/>, and nothing the body (serialised into a pooled buffer). Each request runs inside an
/// activity, as with tracing on. When a budget fails, the test output gives the measured bytes.
/// </remarks>
[Collection(AllocationTestGroup.Name)]
public sealed class AllocationBudgetTests(AllocationPipelines pipelines, ITestOutputHelper output) : IClassFixture<AllocationPipelines>
{
    [Theory]
    [InlineData(ErrorDialect.BusinessCode)]
    [InlineData(ErrorDialect.Wanqing)]
    [InlineData(ErrorDialect.ProblemDetails)]
    public void SynchronousSuccess_InEachDialect_AddsNoBytes(ErrorDialect dialect)
    {
        // Act
        var added = Measure(AllocationCase.Success, dialect);

        // Assert
        Assert.Equal(0, added);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 880)] // measured 848 (760 before the exception feature and handler chain)
    [InlineData(ErrorDialect.Wanqing, 880)] // measured 848
    [InlineData(ErrorDialect.ProblemDetails, 880)] // measured 848
    public void ThrownDomainException_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Thrown, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 704)] // measured 688
    [InlineData(ErrorDialect.Wanqing, 704)] // measured 688
    [InlineData(ErrorDialect.ProblemDetails, 704)] // measured 688
    public void UnmatchedRoute_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Unmatched, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 704)] // measured 688
    [InlineData(ErrorDialect.Wanqing, 704)] // measured 688
    [InlineData(ErrorDialect.ProblemDetails, 704)] // measured 688
    public void BodylessStatus_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Bodyless, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 704)] // measured 664
    [InlineData(ErrorDialect.Wanqing, 704)] // measured 664
    [InlineData(ErrorDialect.ProblemDetails, 704)] // measured 664
    public void ReturnedError_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Returned, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 12600)] // measured 12,520 (FluentValidation's own validator and failures included)
    [InlineData(ErrorDialect.Wanqing, 12450)] // measured 12,376
    [InlineData(ErrorDialect.ProblemDetails, 12600)] // measured 12,520
    public void FluentValidationFailure_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Validation, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode)]
    [InlineData(ErrorDialect.Wanqing)]
    [InlineData(ErrorDialect.ProblemDetails)]
    public void EveryErrorKind_InEachDialect_AllocatesLessThanTheBuiltInHandling(ErrorDialect dialect)
    {
        foreach (var request in new[] { AllocationCase.Thrown, AllocationCase.Unmatched, AllocationCase.Bodyless, AllocationCase.Validation })
        {
            // Act
            var added = Measure(request, dialect);
            var builtIn = pipelines.AddedByBuiltIn(request);
            output.WriteLine($"built-in {request.Request}: {builtIn.Total} B (+{builtIn.Added})");

            // Assert
            Assert.True(added < builtIn.Added, $"{request.Request} in {dialect}: +{added} B, the built-in handling +{builtIn.Added} B.");
        }
    }

    private long Measure(AllocationCase request, ErrorDialect dialect)
    {
        var (added, total, baseline) = pipelines.Added(request, dialect);
        output.WriteLine($"{dialect} {request.Request}: {total} B, without error handling {baseline} B: +{added} B");
        return added;
    }
}
