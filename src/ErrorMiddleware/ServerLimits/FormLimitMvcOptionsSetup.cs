using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Wraps MVC's value-provider factories that read the form (form, form file, jQuery form) in <see cref="FormLimitValueProviderFactory"/> and adds
/// <see cref="FormLimitActionFilter"/>, which writes what they record.
/// </summary>
internal sealed class FormLimitMvcOptionsSetup : IPostConfigureOptions<MvcOptions>
{
    public void PostConfigure(string? name, MvcOptions options)
    {
        var factories = options.ValueProviderFactories;
        for (var i = 0; i < factories.Count; i++)
        {
            if (factories[i] is FormValueProviderFactory or FormFileValueProviderFactory or JQueryFormValueProviderFactory)
            {
                factories[i] = new FormLimitValueProviderFactory(factories[i]);
            }
        }

        if (!options.Filters.Any(static f => f is FormLimitActionFilter))
        {
            options.Filters.Add(new FormLimitActionFilter());
        }
    }
}
