using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Makes <c>[ApiController]</c>'s automatic 400 an envelope. A post-configuration, so it wins over MVC's own
/// setup whatever the order of <c>AddControllers()</c> and <c>AddApiErrors()</c>.
/// </summary>
internal sealed class ErrorApiBehaviorOptionsSetup : IPostConfigureOptions<ApiBehaviorOptions>
{
    public void PostConfigure(string? name, ApiBehaviorOptions options) =>
        options.InvalidModelStateResponseFactory = static context => new ApiErrorHttpResult(ModelStateErrors.ToApiError(context));
}
