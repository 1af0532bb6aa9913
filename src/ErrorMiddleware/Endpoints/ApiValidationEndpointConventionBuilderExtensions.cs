using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>FluentValidation for minimal-API endpoints and groups.</summary>
public static class ApiValidationEndpointConventionBuilderExtensions
{
    private const string Message = "Closes IValidator<T> over the handler's parameter types at run time.";

    /// <summary>
    /// Validates, before the handler runs, every argument of the endpoint (or of every endpoint of the group) whose
    /// type has a registered <see cref="IValidator{T}"/> (for example by FluentValidation.DependencyInjectionExtensions'
    /// <c>AddValidatorsFromAssemblyContaining&lt;T&gt;()</c>), async rules included.
    /// A failure is answered with the active dialect's row for <see cref="ErrorKind.ValidationFailed"/>, with the
    /// failed fields. Parameters are inspected once, when the endpoint is built.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group builder.</param>
    /// <returns>The builder.</returns>
    [RequiresDynamicCode(Message)]
    [RequiresUnreferencedCode(Message)]
    public static TBuilder WithApiValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilterFactory(ApiValidationEndpointFilter.Create);
        return builder;
    }
}
