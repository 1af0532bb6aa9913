using Microsoft.AspNetCore.Builder;

namespace ErrorMiddleware;

/// <summary>Chooses the error dialect of minimal-API endpoints and groups.</summary>
public static class ErrorDialectEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Writes the errors of the endpoint (or of every endpoint of the group) in <paramref name="dialect"/>.
    /// The most specific choice wins: an endpoint's own choice over its group's, both over the global option.
    /// An unmatched path under the group's prefix answers in the group's dialect too.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group builder.</param>
    /// <param name="dialect">The dialect.</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithErrorDialect<TBuilder>(this TBuilder builder, ErrorDialect dialect)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ErrorDialectAttribute(dialect));
    }

    /// <summary>
    /// Writes the errors of the endpoint (or of every endpoint of the group) in the dialect named
    /// <paramref name="name"/>: a built-in one or one registered with <see cref="ApiErrorsOptions.AddDialect(ApiErrorDialect)"/>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group builder.</param>
    /// <param name="name">The dialect's name (case-insensitive).</param>
    /// <returns>The builder.</returns>
    public static TBuilder WithErrorDialect<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ErrorDialectAttribute(name));
    }
}
