using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace ErrorMiddleware;

/// <summary>
/// Runs a <c>[Required]</c> validator and records its failures in the request's <see cref="ModelErrorOrigins"/>,
/// so that they are reported as "missing". A passing validator costs nothing more (its empty result is returned as is).
/// </summary>
internal sealed class RequiredRecordingModelValidator(IModelValidator inner) : IModelValidator
{
    public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context)
    {
        var results = inner.Validate(context);
        if (results is ICollection<ModelValidationResult> { Count: 0 })
        {
            return results;
        }

        var failures = results.ToList();
        if (failures.Count != 0)
        {
            ModelErrorOrigins.Of(context.ActionContext.HttpContext).RecordRequired(context.ModelMetadata, failures);
        }

        return failures;
    }
}
