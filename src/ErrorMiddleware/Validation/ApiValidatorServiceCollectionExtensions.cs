using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErrorMiddleware;

/// <summary>
/// Registers FluentValidation validators explicitly, so that controller actions and endpoints with
/// <c>WithApiValidation()</c> validate their arguments. Nothing is scanned unless one of these methods is called.
/// </summary>
public static class ApiValidatorServiceCollectionExtensions
{
    private const string ScanMessage = "Scans the assembly's types with reflection and closes IValidator<T> over them; validators may be trimmed away.";

    /// <summary>
    /// Registers every concrete, non-generic class of <paramref name="assembly"/> that implements
    /// <see cref="IValidator{T}"/> as a scoped <see cref="IValidator{T}"/> (once per closed interface; calling it twice
    /// registers nothing new).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="assembly">The assembly that holds the validators.</param>
    /// <returns>The services.</returns>
    [RequiresUnreferencedCode(ScanMessage)]
    [RequiresDynamicCode(ScanMessage)]
    public static IServiceCollection AddApiValidatorsFromAssembly(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);

        foreach (var type in LoadableTypes(assembly))
        {
            if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (var contract in type.GetInterfaces())
            {
                if (contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IValidator<>))
                {
                    services.TryAddEnumerable(ServiceDescriptor.Scoped(contract, type));
                }
            }
        }

        return services;
    }

    /// <summary>Registers the validators of the assembly that defines <typeparamref name="T"/>; see <see cref="AddApiValidatorsFromAssembly"/>.</summary>
    /// <typeparam name="T">Any type of the assembly that holds the validators.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    [RequiresUnreferencedCode(ScanMessage)]
    [RequiresDynamicCode(ScanMessage)]
    public static IServiceCollection AddApiValidatorsFromAssemblyContaining<T>(this IServiceCollection services) =>
        services.AddApiValidatorsFromAssembly(typeof(T).Assembly);

    [RequiresUnreferencedCode(ScanMessage)]
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.Where(static t => t is not null)!;
        }
    }
}
