namespace ErrorMiddleware;

/// <summary>
/// Chooses the error dialect of a controller or action. Also the endpoint metadata added by
/// <see cref="ErrorDialectEndpointConventionBuilderExtensions.WithErrorDialect{TBuilder}(TBuilder, ErrorDialect)"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ErrorDialectAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="dialect">The dialect of the errors of the controller, action or endpoint.</param>
    public ErrorDialectAttribute(ErrorDialect dialect)
    {
        Dialect = dialect;
    }

    /// <summary>The dialect of the errors of the controller, action or endpoint.</summary>
    public ErrorDialect Dialect { get; }
}
