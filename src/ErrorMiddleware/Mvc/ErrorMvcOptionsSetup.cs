using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Adds <see cref="ErrorResultFilter"/> to every MVC action.</summary>
internal sealed class ErrorMvcOptionsSetup : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        foreach (var filter in options.Filters)
        {
            if (filter is ErrorResultFilter)
            {
                return;
            }
        }

        options.Filters.Add(new ErrorResultFilter());
    }
}
