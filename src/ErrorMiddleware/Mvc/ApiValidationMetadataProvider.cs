using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace ErrorMiddleware;

/// <summary>
/// Two MVC metadata rules. Display names default to the property's JSON name (so DataAnnotations messages say
/// <c>The prompt field is required.</c>); <c>[Display]</c> and <c>[DisplayName]</c> still win. And an action
/// parameter whose type has a registered FluentValidation validator is not validated member by member by MVC:
/// FluentValidation owns it, so implicit <c>[Required]</c> and DataAnnotations do not report the same field twice.
/// </summary>
internal sealed class ApiValidationMetadataProvider(Func<JsonSerializerOptions?> json, Func<Type, bool> hasValidator)
    : IDisplayMetadataProvider, IValidationMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.MetadataKind != ModelMetadataKind.Property
            || context.Key.ContainerType is not { } container
            || context.Key.Name is not { } name
            || context.DisplayMetadata.DisplayName is not null)
        {
            return;
        }

        foreach (var attribute in context.Attributes)
        {
            if (attribute is DisplayAttribute or DisplayNameAttribute)
            {
                return;
            }
        }

        string? resolved = null;
        context.DisplayMetadata.DisplayName = () => resolved ??= FieldNameResolver.ForModel(container, json()).Resolve(name);
    }

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.MetadataKind == ModelMetadataKind.Parameter && hasValidator(context.Key.ModelType))
        {
            context.ValidationMetadata.ValidateChildren = false;
        }
    }
}
