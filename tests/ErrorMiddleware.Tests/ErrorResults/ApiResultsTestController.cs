using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.ErrorResults;

/// <summary>The cases of <see cref="ApiResultsCases"/> from a controller: returned as an <see cref="IActionResult"/>, or thrown.</summary>
[ApiController]
[Route("mvc/case/{name}")]
public sealed class ApiResultsTestController : ControllerBase
{
    [HttpGet]
    public IActionResult Get(string name, [FromQuery] string mode) =>
        mode == "throw" ? throw ApiResultsCases.Exception(name) : (IActionResult)ApiResultsCases.Result(name);
}
