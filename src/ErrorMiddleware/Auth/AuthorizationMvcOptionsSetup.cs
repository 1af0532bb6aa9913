using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Adds <see cref="AuthorizationResultFilter"/> to every MVC action.</summary>
internal sealed class AuthorizationMvcOptionsSetup : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        if (!options.Filters.Any(static f => f is AuthorizationResultFilter))
        {
            options.Filters.Add(new AuthorizationResultFilter());
        }
    }
}
