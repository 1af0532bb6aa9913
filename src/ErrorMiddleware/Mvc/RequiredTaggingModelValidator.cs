using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace ErrorMiddleware;

/// <summary>Runs a <c>[Required]</c> validator and tags its messages as <see cref="ModelErrorKind.Missing"/>.</summary>
internal sealed class RequiredTaggingModelValidator(IModelValidator inner) : IModelValidator
{
    public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context)
    {
        foreach (var result in inner.Validate(context))
        {
            ModelErrorTags.Mark(result.Message, ModelErrorKind.Missing);
            yield return result;
        }
    }
}
