using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Validates every controller action before it runs, asynchronously: first the model state (binding errors win:
/// 100001 / 400005, then DataAnnotations), then FluentValidation for each argument whose type has a registered
/// <see cref="IValidator{T}"/>. DataAnnotations and FluentValidation failures are reported together, DataAnnotations
/// first. Runs before <c>[ApiController]</c>'s filters (415 at -3000, automatic 400 at -2000), for plain controllers too,
/// unless <see cref="ApiBehaviorOptions.SuppressModelStateInvalidFilter"/> is set (then only FluentValidation runs).
/// </summary>
internal sealed class ApiValidationActionFilter : IAsyncActionFilter, IOrderedFilter
{
    /// <summary>Before <c>[ApiController]</c>'s UnsupportedContentTypeFilter (-3000) and ModelStateInvalidFilter (-2000).</summary>
    public const int FilterOrder = -3100;

    public int Order => FilterOrder;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached through MVC controllers, which require unreferenced code themselves (AddControllers).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached through MVC controllers, which require dynamic code themselves (AddControllers).")]
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var services = context.HttpContext.RequestServices;
        List<FieldError>? fields = null;
        if (!context.ModelState.IsValid && !services.GetRequiredService<IOptions<ApiBehaviorOptions>>().Value.SuppressModelStateInvalidFilter)
        {
            var modelStateError = ModelStateErrors.ToApiError(context);
            if (modelStateError.Kind != ErrorKind.ValidationFailed || modelStateError.StatusCode is not null)
            {
                context.Result = new ApiErrorResult(modelStateError);
                return;
            }

            fields = [.. modelStateError.Fields];
        }

        var json = services.GetService<IOptions<JsonOptions>>()?.Value.JsonSerializerOptions;
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (!context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null
                || ValidatorTypes.For(parameter.ParameterType) is not { } serviceType
                || services.GetService(serviceType) is not IValidator validator)
            {
                continue;
            }

            var failed = await FluentValidationRunner.ValidateAsync(validator, value, parameter.ParameterType, json, context.HttpContext.RequestAborted).ConfigureAwait(false);
            if (failed.Count != 0)
            {
                (fields ??= []).AddRange(failed);
            }
        }

        if (fields is { Count: > 0 })
        {
            context.Result = new ApiErrorResult(new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields });
            return;
        }

        await next().ConfigureAwait(false);
    }
}
