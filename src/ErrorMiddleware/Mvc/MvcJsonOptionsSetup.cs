using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Keeps System.Text.Json's exception in MVC's model state (<see cref="JsonOptions.AllowInputFormatterExceptionMessages"/>
/// off): the library never shows the framework's JSON text to clients, and it needs the exception to tell a body that
/// is not JSON from valid JSON of the wrong shape (<c>[]</c> where an object is expected). A post-configuration, so it
/// holds whatever the order of <c>AddControllers()</c> and <c>AddApiErrors()</c>.
/// </summary>
internal sealed class MvcJsonOptionsSetup : IPostConfigureOptions<JsonOptions>
{
    public void PostConfigure(string? name, JsonOptions options) => options.AllowInputFormatterExceptionMessages = false;
}
