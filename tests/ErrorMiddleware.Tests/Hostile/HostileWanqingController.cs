using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>The hostile corpus's MVC body under <c>/v1/mvc</c>, answering in Wanqing.</summary>
[ApiController]
[Route("v1/mvc")]
[ErrorDialect(ErrorDialect.Wanqing)]
public sealed class HostileWanqingController : HostileControllerBase;
