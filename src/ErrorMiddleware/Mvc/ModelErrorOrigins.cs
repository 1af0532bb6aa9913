using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace ErrorMiddleware;

/// <summary>
/// Per request (a feature of the <see cref="HttpContext"/>), where MVC's model-state errors came from, so that they
/// are classified without reading their (possibly localized) text:
/// <list type="bullet">
/// <item><description>every model binder runs inside a <see cref="RecordingModelBinder"/>, which records the
/// <see cref="ModelError"/> instances the binder added: they are binding errors — a missing body when the body
/// binder added a plain message, "missing" when a <c>[BindRequired]</c> property was absent;</description></item>
/// <item><description>a parameter's own <c>[BindRequired]</c> error, which MVC adds right after its binder returned,
/// is expected under the field name the binder saw;</description></item>
/// <item><description><c>[Required]</c> validators run inside a <see cref="RequiredRecordingModelValidator"/>, which
/// records the member and message of each failure: an error with that message on that member is "missing";</description></item>
/// <item><description>everything else (other validators, <c>ModelState.AddModelError</c> in application code) is a
/// validation error. JSON errors (keys <c>$...</c>) and errors that carry an exception are binding errors
/// wherever they come from.</description></item>
/// </list>
/// Nothing is shared between requests. The framework behaviours relied on are pinned by <c>ModelErrorOriginsTests</c>.
/// </summary>
internal sealed class ModelErrorOrigins
{
    private readonly HashSet<ModelError> _known = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ModelError, ModelErrorKind> _binding = new(ReferenceEqualityComparer.Instance);
    private List<string>? _bindRequiredKeys;
    private int _accountedErrors;
    private List<(string? Member, string Message)>? _required;

    /// <summary>The record of <paramref name="context"/>'s request, created on first use.</summary>
    public static ModelErrorOrigins Of(HttpContext context)
    {
        var origins = context.Features.Get<ModelErrorOrigins>();
        if (origins is null)
        {
            origins = new ModelErrorOrigins();
            context.Features.Set(origins);
        }

        return origins;
    }

    /// <summary>What <paramref name="error"/>, under <paramref name="key"/>, means.</summary>
    public static ModelErrorKind KindOf(HttpContext context, string key, ModelError error)
    {
        if (key.StartsWith('$') || error.Exception is not null)
        {
            return ModelErrorKind.Binding;
        }

        var origins = context.Features.Get<ModelErrorOrigins>();
        if (origins is null)
        {
            return ModelErrorKind.Validation;
        }

        if (origins._binding.TryGetValue(error, out var kind))
        {
            return kind;
        }

        if (origins._bindRequiredKeys?.Contains(key, StringComparer.Ordinal) == true || origins.IsRequiredFailure(key, error.ErrorMessage))
        {
            return ModelErrorKind.Missing;
        }

        return ModelErrorKind.Validation;
    }

    /// <summary>Marks the errors already in <paramref name="modelState"/> as not added by the binder about to run.</summary>
    /// <remarks>
    /// Only errors added since the last binder (by something else) need marking, so the walk happens only when the
    /// error count moved outside a binder: a large form with an early bad value does not walk the model state once
    /// per binder.
    /// </remarks>
    public void Observe(ModelStateDictionary modelState)
    {
        if (modelState.ErrorCount == _accountedErrors)
        {
            return;
        }

        _accountedErrors = modelState.ErrorCount;
        foreach (var (_, entry) in modelState)
        {
            foreach (var error in entry.Errors)
            {
                _known.Add(error);
            }
        }
    }

    /// <summary>Records the errors the binder of <paramref name="context"/> added.</summary>
    public void RecordBinding(ModelBindingContext context)
    {
        _accountedErrors = context.ModelState.ErrorCount;
        foreach (var (key, entry) in context.ModelState)
        {
            foreach (var error in entry.Errors)
            {
                if (_known.Add(error))
                {
                    _binding[error] = BindingKind(context, key, entry, error);
                }
            }
        }
    }

    /// <summary>MVC will add a <c>[BindRequired]</c> error for the parameter bound under <paramref name="key"/>.</summary>
    public void ExpectBindRequired(string key) => (_bindRequiredKeys ??= []).Add(key);

    /// <summary>Records the failures of a <c>[Required]</c> validator of <paramref name="metadata"/>.</summary>
    public void RecordRequired(ModelMetadata metadata, IReadOnlyList<ModelValidationResult> failures)
    {
        var member = metadata.BinderModelName ?? metadata.PropertyName ?? metadata.ParameterName;
        foreach (var failure in failures)
        {
            (_required ??= []).Add((string.IsNullOrEmpty(failure.MemberName) ? member : failure.MemberName, failure.Message));
        }
    }

    private static ModelErrorKind BindingKind(ModelBindingContext context, string key, ModelStateEntry entry, ModelError error)
    {
        if (error.Exception is not null || key.StartsWith('$'))
        {
            return ModelErrorKind.Binding;
        }

        if (context.BindingSource == BindingSource.Body)
        {
            // The body binder adds a plain message only when the formatter read no value (an empty body, "null").
            // A custom converter's FormatException also lands here; it is the rare exception to the rule.
            return ModelErrorKind.BodyMissing;
        }

        if (entry.RawValue is null)
        {
            foreach (var property in context.ModelMetadata.Properties)
            {
                if (property.IsBindingRequired
                    && string.Equals(key, ModelNames.CreatePropertyModelName(context.ModelName, property.BinderModelName ?? property.PropertyName), StringComparison.Ordinal))
                {
                    return ModelErrorKind.Missing;
                }
            }
        }

        return ModelErrorKind.Binding;
    }

    private bool IsRequiredFailure(string key, string message)
    {
        if (_required is null)
        {
            return false;
        }

        var member = LastMember(key);
        foreach (var (requiredMember, requiredMessage) in _required)
        {
            if (string.Equals(message, requiredMessage, StringComparison.Ordinal)
                && (requiredMember is null || key.Length == 0 || string.Equals(member, requiredMember, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastMember(string key)
    {
        var start = key.LastIndexOf('.') + 1;
        var end = key.IndexOf('[', start);
        return end < 0 ? key[start..] : key[start..end];
    }
}
