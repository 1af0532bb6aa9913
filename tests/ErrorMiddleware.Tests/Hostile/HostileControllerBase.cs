using ErrorMiddleware.Tests.Validation;
using Microsoft.AspNetCore.Mvc;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>An MVC action with a validated JSON body, mounted once per dialect by the controllers below.</summary>
public abstract class HostileControllerBase : ControllerBase
{
    [HttpPost("tasks")]
    public IActionResult Create(CreateTaskRequest request) => Ok(new { request.Prompt });
}
