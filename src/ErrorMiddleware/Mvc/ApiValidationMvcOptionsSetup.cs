using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// A post-configuration (so it sees what <c>AddControllers()</c> and the application configured, in any order):
/// records where model-state errors come from (<see cref="ModelErrorOrigins"/>: every model binder and every
/// <c>[Required]</c> validator wrapped), names fields by their JSON names, and adds
/// <see cref="ApiValidationActionFilter"/> and <see cref="ModelStateResultFilter"/>.
/// </summary>
internal sealed class ApiValidationMvcOptionsSetup(
    IOptions<JsonOptions> jsonOptions,
    IOptions<ApiBehaviorOptions> behaviorOptions,
    IServiceProviderIsService? isService = null)
    : IPostConfigureOptions<MvcOptions>
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached through MVC controllers, which require unreferenced code themselves (AddControllers).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached through MVC controllers, which require dynamic code themselves (AddControllers).")]
    public void PostConfigure(string? name, MvcOptions options)
    {
        var binderProviders = options.ModelBinderProviders;
        for (var i = 0; i < binderProviders.Count; i++)
        {
            if (binderProviders[i] is not RecordingModelBinderProvider)
            {
                binderProviders[i] = new RecordingModelBinderProvider(binderProviders[i]);
            }
        }

        if (!options.ModelValidatorProviders.Any(static p => p is RequiredRecordingModelValidatorProvider))
        {
            options.ModelValidatorProviders.Add(new RequiredRecordingModelValidatorProvider());
        }

        if (!options.ModelMetadataDetailsProviders.Any(static p => p is ApiValidationMetadataProvider))
        {
            options.ModelMetadataDetailsProviders.Add(new ApiValidationMetadataProvider(
                () => jsonOptions.Value.JsonSerializerOptions,
                type => isService is not null && ValidatorTypes.For(type) is { } serviceType && isService.IsService(serviceType)));
        }

        if (!options.Filters.Any(static f => f is ApiValidationActionFilter))
        {
            options.Filters.Add(new ApiValidationActionFilter(jsonOptions, behaviorOptions, isService));
        }

        if (!options.Filters.Any(static f => f is ModelStateResultFilter))
        {
            options.Filters.Add(new ModelStateResultFilter());
        }
    }
}
