using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Adds <see cref="QuotaActionFilter"/> to every MVC action.</summary>
internal sealed class QuotaMvcOptionsSetup(QuotaGate gate) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        if (!options.Filters.Any(static f => f is QuotaActionFilter))
        {
            options.Filters.Add(new QuotaActionFilter(gate));
        }
    }
}
