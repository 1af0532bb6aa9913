using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Installs <see cref="FormLimitFeature"/> at the very start of the pipeline, for form requests only, so that the
/// application needs no extra <c>Use*</c> call.
/// </summary>
internal sealed class FormLimitStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var formOptions = app.ApplicationServices.GetService<IOptions<FormOptions>>()?.Value ?? new FormOptions();
        app.Use((context, nextMiddleware) =>
        {
            if (IsForm(context.Request.ContentType) && context.Features.Get<IFormFeature>() is not FormLimitFeature)
            {
                var inner = context.Features.Get<IFormFeature>() ?? new FormFeature(context.Request, formOptions);
                context.Features.Set<IFormFeature>(new FormLimitFeature(inner));
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    private static bool IsForm(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase));
}
