using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using FluentValidation;

namespace ErrorMiddleware;

/// <summary>The closed <c>IValidator&lt;T&gt;</c> service type of a model type, cached.</summary>
internal static class ValidatorTypes
{
    private static readonly ConcurrentDictionary<Type, Type?> s_serviceTypes = new();

    /// <summary>
    /// <c>IValidator&lt;T&gt;</c> for <paramref name="modelType"/>; <see langword="null"/> for types that are never
    /// validated (primitives, strings, special framework types, open generics, by-ref types).
    /// </summary>
    [RequiresDynamicCode("Closes IValidator<T> over a type known only at run time.")]
    [RequiresUnreferencedCode("Closes IValidator<T> over a type known only at run time.")]
    public static Type? For(Type modelType) => s_serviceTypes.GetOrAdd(modelType, static type =>
    {
        if (type.IsByRef || type.IsPointer || type.ContainsGenericParameters || type.IsPrimitive || type == typeof(string)
            || type == typeof(object) || type == typeof(CancellationToken) || typeof(Microsoft.AspNetCore.Http.HttpContext).IsAssignableFrom(type))
        {
            return null;
        }

        return typeof(IValidator<>).MakeGenericType(type);
    });
}
