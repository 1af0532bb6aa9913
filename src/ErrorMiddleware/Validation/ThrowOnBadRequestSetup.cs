using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Makes minimal APIs throw <see cref="BadHttpRequestException"/> on parameter-binding failures in every
/// environment (by default they only do in Development, and write a body-less 400 otherwise), so that the failure
/// reaches the error middleware and is told apart: bad JSON or value (100001), missing body (400005), missing value (100002).
/// </summary>
internal sealed class ThrowOnBadRequestSetup : IPostConfigureOptions<RouteHandlerOptions>
{
    public void PostConfigure(string? name, RouteHandlerOptions options) => options.ThrowOnBadRequest = true;
}
