using ErrorMiddleware.Tests.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ErrorMiddleware.Tests.Mvc;

[ApiController]
[Route("validation-tests/api")]
public sealed class ValidationApiTestController : ControllerBase
{
    [HttpPost("tasks")]
    public IActionResult Create(CreateTaskRequest request) => Ok(new { request.Prompt });

    [HttpPost("annotated")]
    public IActionResult Annotated(AnnotatedRequest request) => Ok(new { request.Name });

    [HttpPost("strict")]
    public IActionResult Strict(StrictRequest request) => Ok(new { request.Title });

    [HttpPost("sampling")]
    public IActionResult Sampling(SamplingRequest request) => Ok(new { request.TopP });

    [HttpPost("localized-required")]
    public IActionResult LocalizedRequired(LocalizedRequiredRequest request) => Ok(new { request.Name });

    [HttpPost("thrown")]
    public async Task<IActionResult> Thrown(AnnotatedRequest request)
    {
        var validator = new InlineValidator<AnnotatedRequest>();
        validator.RuleFor(x => x.Count).GreaterThan(5);
        await validator.ValidateAndThrowAsync(request);
        return Ok(new { request.Name });
    }

    [HttpGet("items")]
    public IActionResult Items([FromQuery] int count) => Ok(new { count });

    [HttpGet("items/{id:guid}/children")]
    public IActionResult Children(Guid id, [FromQuery] int page) => Ok(new { id, page });
}

[Route("validation-tests/plain")]
public sealed class ValidationPlainTestController : Controller
{
    [HttpPost("tasks")]
    public IActionResult Create([FromBody] CreateTaskRequest request) => Ok(new { request.Prompt });

    [HttpPost("annotated")]
    public IActionResult Annotated([FromBody] AnnotatedRequest request) => Ok(new { request.Name });

    [HttpPost("self-checked")]
    public IActionResult SelfChecked([FromBody] AnnotatedRequest request) =>
        ModelState.IsValid ? Ok(new { request.Name }) : BadRequest(ModelState);
}

[ApiController]
[Route("validation-tests/order")]
public sealed class ValidationOrderTestController : ControllerBase
{
    [HttpPost("combined")]
    public IActionResult Combined(AnnotatedRequest body, [FromQuery] SamplingRequest sampling) => Ok(new { body.Name, sampling.TopP });
}

[ApiController]
[Route("naming-tests/mvc")]
public sealed class NamingTestController : ControllerBase
{
    [HttpPost]
    public IActionResult Create(NamingRequest request) => Ok(new { request.ModelName });

    [HttpPost("problem")]
    public IActionResult Problem(NamingRequest request) => ValidationProblem(new ValidationProblemDetails(NamingProblem.Errors));
}

/// <summary>A <c>ValidationProblemDetails</c> keyed by CLR member paths, as application code writes it.</summary>
public static class NamingProblem
{
    public static Dictionary<string, string[]> Errors => new() { ["TopK"] = ["Too high."], ["ChatMessages[0].Role"] = ["Unknown role."] };
}

[ApiController]
[Route("origins-tests")]
public sealed class OriginsTestController : ControllerBase
{
    [HttpGet("bind-required")]
    public IActionResult BindRequired([BindRequired, FromQuery] int page) => Ok(new { page });

    [HttpGet("bind-required-property")]
    public IActionResult BindRequiredProperty([FromQuery] PagingQuery paging) => Ok(new { paging.Size });

    [HttpPost("app-error")]
    public IActionResult AppError(AnnotatedRequest request)
    {
        ModelState.AddModelError(nameof(AnnotatedRequest.Name), "That name is taken.");
        return BadRequest(ModelState);
    }

    [HttpPost("app-error-constant")]
    public IActionResult AppErrorConstant(AnnotatedRequest request)
    {
        ModelState.AddModelError(nameof(AnnotatedRequest.Name), Invalid);
        return BadRequest(ModelState);
    }

    public const string Invalid = "Ungültig.";
}

public sealed class PagingQuery
{
    [BindRequired]
    public int Size { get; set; }
}
