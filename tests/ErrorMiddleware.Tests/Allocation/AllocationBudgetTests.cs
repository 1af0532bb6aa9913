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
/// headers do not: about 500 B of every error's count here is its response headers, 120 B the
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
    [InlineData(ErrorDialect.BusinessCode, 840)] // measured 816: 760 + 48 the IExceptionHandlerFeature + 8 ResolvedError's ProblemType/ProblemTitle
    [InlineData(ErrorDialect.Wanqing, 840)] // measured 816
    [InlineData(ErrorDialect.ProblemDetails, 840)] // measured 816
    public void ThrownDomainException_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Thrown, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 696)] // measured 680
    [InlineData(ErrorDialect.Wanqing, 696)] // measured 680
    [InlineData(ErrorDialect.ProblemDetails, 696)] // measured 680
    public void UnmatchedRoute_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Unmatched, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 696)] // measured 680
    [InlineData(ErrorDialect.Wanqing, 696)] // measured 680
    [InlineData(ErrorDialect.ProblemDetails, 696)] // measured 680
    public void BodylessStatus_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Bodyless, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 672)] // measured 656
    [InlineData(ErrorDialect.Wanqing, 672)] // measured 656
    [InlineData(ErrorDialect.ProblemDetails, 672)] // measured 656
    public void ReturnedError_InEachDialect_StaysWithinItsBudget(ErrorDialect dialect, long budget)
    {
        // Act
        var added = Measure(AllocationCase.Returned, dialect);

        // Assert
        Assert.InRange(added, 0, budget);
    }

    [Theory]
    [InlineData(ErrorDialect.BusinessCode, 12560)] // measured 12,480 (FluentValidation 11.1.0's own validator and failures included: 504 B more than 11.11.0's)
    [InlineData(ErrorDialect.Wanqing, 12400)] // measured 12,336
    [InlineData(ErrorDialect.ProblemDetails, 12560)] // measured 12,480
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
