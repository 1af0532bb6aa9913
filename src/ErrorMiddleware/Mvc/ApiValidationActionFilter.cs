using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
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
/// <remarks>
/// Which parameters have a validator is worked out once per action (<see cref="IServiceProviderIsService"/>), and the
/// options are read from the application's services, not per request: an action with nothing to validate and a valid
/// model state gets <c>next()</c> back as is.
/// </remarks>
internal sealed class ApiValidationActionFilter(
    IOptions<JsonOptions> jsonOptions,
    IOptions<ApiBehaviorOptions> behaviorOptions,
    IServiceProviderIsService? isService) : IAsyncActionFilter, IOrderedFilter
{
    /// <summary>Before <c>[ApiController]</c>'s UnsupportedContentTypeFilter (-3000) and ModelStateInvalidFilter (-2000).</summary>
    public const int FilterOrder = -3100;

    private readonly ConditionalWeakTable<ActionDescriptor, Target[]> _targets = new();

    public int Order => FilterOrder;

    public Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var targets = _targets.GetValue(context.ActionDescriptor, FindTargets);
        var checkModelState = !context.ModelState.IsValid && !behaviorOptions.Value.SuppressModelStateInvalidFilter;
        return checkModelState || targets.Length != 0 ? ValidateAsync(context, next, targets, checkModelState) : next();
    }

    private async Task ValidateAsync(ActionExecutingContext context, ActionExecutionDelegate next, Target[] targets, bool checkModelState)
    {
        List<FieldError>? fields = null;
        if (checkModelState)
        {
            var modelStateError = ModelStateErrors.ToApiError(context);
            if (modelStateError.Kind != ErrorKind.ValidationFailed || modelStateError.StatusCode is not null)
            {
                context.Result = new ApiErrorHttpResult(modelStateError);
                return;
            }

            fields = [.. modelStateError.Fields];
        }

        var services = context.HttpContext.RequestServices;
        foreach (var target in targets)
        {
            if (!context.ActionArguments.TryGetValue(target.Name, out var value) || value is null
                || services.GetService(target.ServiceType) is not IValidator validator)
            {
                continue;
            }

            var names = FieldNameResolver.ForModel(target.ModelType, jsonOptions.Value.JsonSerializerOptions);
            var failed = await FluentValidationFailures.ValidateAsync(validator, value, names, context.HttpContext.RequestAborted).ConfigureAwait(false);
            if (failed.Count != 0)
            {
                (fields ??= []).AddRange(failed);
            }
        }

        if (fields is { Count: > 0 })
        {
            context.Result = new ApiErrorHttpResult(new ApiError { Kind = ErrorKind.ValidationFailed, Fields = fields });
            return;
        }

        await next().ConfigureAwait(false);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only reached through MVC controllers, which require unreferenced code themselves (AddControllers).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only reached through MVC controllers, which require dynamic code themselves (AddControllers).")]
    private Target[] FindTargets(ActionDescriptor action)
    {
        if (isService is null)
        {
            return [];
        }

        List<Target>? targets = null;
        foreach (var parameter in action.Parameters)
        {
            if (ValidatorTypes.For(parameter.ParameterType) is { } serviceType && isService.IsService(serviceType))
            {
                (targets ??= []).Add(new Target(parameter.Name, parameter.ParameterType, serviceType));
            }
        }

        return targets is null ? [] : [.. targets];
    }

    private sealed record Target(string Name, Type ModelType, Type ServiceType);
}
