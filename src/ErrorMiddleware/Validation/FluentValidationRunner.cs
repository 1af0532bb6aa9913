using System.Text.Json;
using FluentValidation;

namespace ErrorMiddleware;

/// <summary>Runs a registered validator asynchronously (async rules included) and returns the failed fields.</summary>
internal static class FluentValidationRunner
{
    /// <summary>Validates <paramref name="instance"/>; field names are resolved against <paramref name="modelType"/> with <paramref name="json"/>.</summary>
    public static async ValueTask<IReadOnlyList<FieldError>> ValidateAsync(
        IValidator validator,
        object instance,
        Type modelType,
        JsonSerializerOptions? json,
        CancellationToken cancellationToken)
    {
        // A non-generic context: AbstractValidator<T> converts it to ValidationContext<T> itself.
        var context = new ValidationContext<object>(instance);
        var result = await validator.ValidateAsync(context, cancellationToken).ConfigureAwait(false);
        if (result.IsValid)
        {
            return [];
        }

        return FluentValidationFields.From(result.Errors, path => JsonFieldNames.Resolve(path, modelType, json));
    }
}
