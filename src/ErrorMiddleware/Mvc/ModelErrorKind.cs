namespace ErrorMiddleware;

/// <summary>What an MVC model-state error means, as recorded by <see cref="ModelErrorTags"/>.</summary>
internal enum ModelErrorKind
{
    /// <summary>A value could not be converted (bad route, query, form or header value).</summary>
    Binding,

    /// <summary>A required body is missing.</summary>
    BodyMissing,

    /// <summary>A required field or parameter is missing (<c>[Required]</c>, implicit required, <c>[BindRequired]</c>).</summary>
    Missing,
}
