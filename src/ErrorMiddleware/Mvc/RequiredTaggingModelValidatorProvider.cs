using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace ErrorMiddleware;

/// <summary>
/// Runs after the DataAnnotations provider and wraps the validator of every <see cref="RequiredAttribute"/>
/// (explicit, or implicit from a non-nullable reference type) so that its messages are tagged as "missing".
/// </summary>
internal sealed class RequiredTaggingModelValidatorProvider : IModelValidatorProvider
{
    public void CreateValidators(ModelValidatorProviderContext context)
    {
        foreach (var item in context.Results)
        {
            if (item.ValidatorMetadata is RequiredAttribute && item.Validator is { } validator and not RequiredTaggingModelValidator)
            {
                item.Validator = new RequiredTaggingModelValidator(validator);
            }
        }
    }
}
