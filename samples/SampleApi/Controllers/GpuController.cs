using ErrorMiddleware;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SampleApi.Infrastructure;
using SampleApi.Tasks;

namespace SampleApi.Controllers;

/// <summary>
/// The fake GPU. <c>POST /api/v1/gpu/warmup</c> loads a model, which holds the GPU's only slot for a minute;
/// <c>POST /api/v1/gpu/renders</c> needs a slot, and the <c>gpu</c> concurrency limiter (marked as server
/// overload) rejects it meanwhile: 530002 "Server is busy".
/// </summary>
[ApiController]
[Route("api/v1/gpu")]
[Authorize]
public sealed class GpuController(GpuPool gpu) : ControllerBase
{
    private static readonly TimeSpan s_warmUp = TimeSpan.FromMinutes(1);

    [HttpPost("warmup")]
    [EnableRateLimiting(SamplePolicies.PerKey)]
    public IActionResult WarmUp() =>
        gpu.TryHold(s_warmUp)
            ? Accepted(ApiResponse.Success(new { warming_up_seconds = (int)s_warmUp.TotalSeconds }))
            : throw new ApiException(ErrorKind.ServerBusy, "The GPU is already warming up.");

    [HttpPost("renders")]
    [EnableRateLimiting(SamplePolicies.Gpu)]
    public IActionResult Render() => Ok(ApiResponse.Success(new { frames = 1 }));
}
