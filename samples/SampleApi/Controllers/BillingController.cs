using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SampleApi.Infrastructure;
using SampleApi.Tasks;

namespace SampleApi.Controllers;

/// <summary>The billing module: listed under <c>Maintenance</c> in appsettings.json, so it answers 500001.</summary>
[ApiController]
[Route("api/v1/billing")]
[Authorize]
[EnableRateLimiting(SamplePolicies.PerKey)]
public sealed class BillingController(Maintenance maintenance) : ControllerBase
{
    [HttpGet("invoices")]
    public IActionResult Invoices()
    {
        maintenance.EnsureAvailable("billing");
        return Ok(ApiResponse.Success(Array.Empty<object>()));
    }
}
