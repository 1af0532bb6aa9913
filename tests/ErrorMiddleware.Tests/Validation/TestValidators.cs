using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace ErrorMiddleware.Tests.Validation;

/// <summary>
/// Registers the test validators one by one. The suite runs against the library's lowest FluentValidation (11.1.0),
/// below what FluentValidation.DependencyInjectionExtensions needs; its scan, the documented way, is tested in
/// ErrorMiddleware.FluentValidation12.Tests.
/// </summary>
internal static class TestValidators
{
    public static IServiceCollection AddTestValidators(this IServiceCollection services)
    {
        services.AddScoped<IValidator<CreateTaskRequest>, CreateTaskRequestValidator>();
        services.AddScoped<IValidator<StrictRequest>, StrictRequestValidator>();
        services.AddScoped<IValidator<SamplingRequest>, SamplingRequestValidator>();
        services.AddScoped<IValidator<NamingRequest>, NamingRequestValidator>();
        return services;
    }
}
