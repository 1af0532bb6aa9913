namespace ErrorMiddleware.Tests.Allocation;

/// <summary>A measured request: what it is, the status it ends with, and the status of the same request without error handling.</summary>
/// <param name="Request"><c>METHOD /path</c>.</param>
/// <param name="Status">The status with the library (BusinessCode and ProblemDetails).</param>
/// <param name="BaselineStatus">The status of the same request with no error handling.</param>
/// <param name="WanqingStatus">The status in Wanqing, when it differs (its catalog answers quota with 403).</param>
public sealed record AllocationCase(string Request, int Status, int BaselineStatus, int? WanqingStatus = null)
{
    public static readonly AllocationCase Success = new("GET /ok", 200, 200);

    /// <summary>A domain exception (<see cref="QuotaExceededException"/>) thrown by the handler; without handling it leaves the pipeline.</summary>
    public static readonly AllocationCase Thrown = new("GET /throw", 402, 500, WanqingStatus: 403);

    /// <summary>A path no route matches: a body-less 404.</summary>
    public static readonly AllocationCase Unmatched = new("GET /missing", 404, 404);

    /// <summary>A handler answering a bare status (409) without a body.</summary>
    public static readonly AllocationCase Bodyless = new("GET /status", 409, 409);

    /// <summary>A JSON body failing two FluentValidation rules; without the library the handler runs and answers 200.</summary>
    public static readonly AllocationCase Validation = new("POST /validated", 400, 200);

    /// <summary>The quota error returned, not thrown; without the library the handler answers a bare 402.</summary>
    public static readonly AllocationCase Returned = new("GET /result", 402, 402, WanqingStatus: 403);

    public int StatusIn(ErrorDialect dialect) => dialect == ErrorDialect.Wanqing ? WanqingStatus ?? Status : Status;
}
