using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Composition;

/// <summary>A controller that chose the ProblemDetails dialect and throws.</summary>
[ApiController]
[Route("composition/controller")]
[ErrorDialect(ErrorDialect.ProblemDetails)]
public sealed class CompositionProblemDetailsController : ControllerBase
{
    [HttpGet("boom")]
    public IActionResult Boom() => throw new InvalidOperationException("controller boom");

    [HttpGet("missing")]
    public IActionResult Missing() => throw new ResourceNotFoundException("No such task.");
}
