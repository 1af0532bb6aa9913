using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace ErrorMiddleware;

/// <summary>
/// Tells model-binding errors from validation errors without reading their (possibly localized) text: the
/// framework's message accessors and the <c>[Required]</c> validators are wrapped so that every message instance
/// they produce is recorded, by reference, with its <see cref="ModelErrorKind"/>. A model-state error is then
/// classified by looking its message instance up.
/// </summary>
internal static class ModelErrorTags
{
    private static readonly ConditionalWeakTable<string, Tag> s_tags = new();
    private static readonly Tag s_binding = new(ModelErrorKind.Binding);
    private static readonly Tag s_bodyMissing = new(ModelErrorKind.BodyMissing);
    private static readonly Tag s_missing = new(ModelErrorKind.Missing);

    public static string Mark(string message, ModelErrorKind kind)
    {
        if (message is { Length: > 0 })
        {
            s_tags.AddOrUpdate(message, kind switch
            {
                ModelErrorKind.BodyMissing => s_bodyMissing,
                ModelErrorKind.Missing => s_missing,
                _ => s_binding,
            });
        }

        return message;
    }

    public static ModelErrorKind? KindOf(string? message) =>
        message is not null && s_tags.TryGetValue(message, out var tag) ? tag.Kind : null;

    /// <summary>Wraps every binding message accessor of <paramref name="provider"/> so that its messages are tagged.</summary>
    public static void Wrap(DefaultModelBindingMessageProvider provider)
    {
        var missingBindRequired = provider.MissingBindRequiredValueAccessor;
        provider.SetMissingBindRequiredValueAccessor(name => Mark(missingBindRequired(name), ModelErrorKind.Missing));
        var missingKeyOrValue = provider.MissingKeyOrValueAccessor;
        provider.SetMissingKeyOrValueAccessor(() => Mark(missingKeyOrValue(), ModelErrorKind.Binding));
        var missingBody = provider.MissingRequestBodyRequiredValueAccessor;
        provider.SetMissingRequestBodyRequiredValueAccessor(() => Mark(missingBody(), ModelErrorKind.BodyMissing));
        var mustNotBeNull = provider.ValueMustNotBeNullAccessor;
        provider.SetValueMustNotBeNullAccessor(value => Mark(mustNotBeNull(value), ModelErrorKind.Binding));
        var attemptedInvalid = provider.AttemptedValueIsInvalidAccessor;
        provider.SetAttemptedValueIsInvalidAccessor((value, name) => Mark(attemptedInvalid(value, name), ModelErrorKind.Binding));
        var nonPropertyAttemptedInvalid = provider.NonPropertyAttemptedValueIsInvalidAccessor;
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Mark(nonPropertyAttemptedInvalid(value), ModelErrorKind.Binding));
        var unknownInvalid = provider.UnknownValueIsInvalidAccessor;
        provider.SetUnknownValueIsInvalidAccessor(name => Mark(unknownInvalid(name), ModelErrorKind.Binding));
        var nonPropertyUnknownInvalid = provider.NonPropertyUnknownValueIsInvalidAccessor;
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => Mark(nonPropertyUnknownInvalid(), ModelErrorKind.Binding));
        var valueInvalid = provider.ValueIsInvalidAccessor;
        provider.SetValueIsInvalidAccessor(value => Mark(valueInvalid(value), ModelErrorKind.Binding));
    }

    private sealed class Tag(ModelErrorKind kind)
    {
        public ModelErrorKind Kind { get; } = kind;
    }
}
