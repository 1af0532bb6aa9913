using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>The hostile corpus's MVC body under <c>/pd/mvc</c>, answering in ProblemDetails.</summary>
[ApiController]
[Route("pd/mvc")]
[ErrorDialect(ErrorDialect.ProblemDetails)]
public sealed class HostileProblemDetailsController : HostileControllerBase;
