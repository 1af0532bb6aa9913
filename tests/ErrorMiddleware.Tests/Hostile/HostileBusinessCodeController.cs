using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>The hostile corpus's MVC body under <c>/bc/mvc</c>, answering in BusinessCode.</summary>
[ApiController]
[Route("bc/mvc")]
[ErrorDialect(ErrorDialect.BusinessCode)]
public sealed class HostileBusinessCodeController : HostileControllerBase;
