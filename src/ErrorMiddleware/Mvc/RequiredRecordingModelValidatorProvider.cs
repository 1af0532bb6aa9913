using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace ErrorMiddleware;

/// <summary>
/// Runs after the DataAnnotations provider and wraps the validator of every <see cref="RequiredAttribute"/>
/// (explicit, or implicit from a non-nullable reference type) in a <see cref="RequiredRecordingModelValidator"/>.
/// </summary>
internal sealed class RequiredRecordingModelValidatorProvider : IModelValidatorProvider
{
    public void CreateValidators(ModelValidatorProviderContext context)
    {
        foreach (var item in context.Results)
        {
            if (item.ValidatorMetadata is RequiredAttribute && item.Validator is { } validator and not RequiredRecordingModelValidator)
            {
                item.Validator = new RequiredRecordingModelValidator(validator);
            }
        }
    }
}
