using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>Wraps MVC's form and form-file value-provider factories in <see cref="FormLimitValueProviderFactory"/>.</summary>
internal sealed class FormLimitMvcOptionsSetup : IPostConfigureOptions<MvcOptions>
{
    public void PostConfigure(string? name, MvcOptions options)
    {
        var factories = options.ValueProviderFactories;
        for (var i = 0; i < factories.Count; i++)
        {
            if (factories[i] is FormValueProviderFactory or FormFileValueProviderFactory)
            {
                factories[i] = new FormLimitValueProviderFactory(factories[i]);
            }
        }
    }
}
