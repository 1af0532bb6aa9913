using ErrorMiddleware.Tests.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

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
