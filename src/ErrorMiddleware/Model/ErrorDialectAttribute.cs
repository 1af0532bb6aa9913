namespace ErrorMiddleware;

/// <summary>
/// Chooses the error dialect of a controller or action. Also the endpoint metadata added by
/// <c>WithErrorDialect</c> on minimal-API endpoints and groups.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class ErrorDialectAttribute : Attribute
{
    /// <summary>Chooses a built-in dialect.</summary>
    /// <param name="dialect">The dialect of the errors of the controller, action or endpoint.</param>
    public ErrorDialectAttribute(ErrorDialect dialect)
        : this(ErrorDialectRegistry.BuiltIn(dialect).Name)
    {
    }

    /// <summary>Chooses a dialect by name: a built-in one or one registered with <see cref="ApiErrorsOptions.AddDialect(ApiErrorDialect)"/>.</summary>
    /// <param name="name">The dialect's name (case-insensitive).</param>
    public ErrorDialectAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name of the dialect of the errors of the controller, action or endpoint.</summary>
    public string Name { get; }
}
