namespace ErrorMiddleware.Tests.Allocation;

/// <summary>What handles errors in a measured pipeline.</summary>
public enum AllocationSetup
{
    /// <summary>No error handling at all: the baseline every other setup is compared to.</summary>
    None,

    /// <summary><c>AddApiErrors</c> + <c>UseApiErrors</c> (+ <c>WithApiValidation</c>), in the dialect given.</summary>
    ApiErrors,

    /// <summary>
    /// ASP.NET Core's own: <c>AddProblemDetails</c> + <c>UseExceptionHandler</c> + <c>UseStatusCodePages</c>, and a
    /// FluentValidation endpoint filter answering <c>TypedResults.ValidationProblem</c>.
    /// </summary>
    BuiltIn,
}
