namespace ErrorMiddleware;

/// <summary>Where an MVC model-state error came from, as <see cref="ModelErrorOrigins"/> tells it.</summary>
internal enum ModelErrorKind
{
    /// <summary>Binding could not read a value (bad JSON, a route, query, form or header value that does not convert).</summary>
    Binding,

    /// <summary>A required body is missing.</summary>
    BodyMissing,

    /// <summary>A required field or parameter is missing (<c>[Required]</c>, implicit required, <c>[BindRequired]</c>).</summary>
    Missing,

    /// <summary>Any other error: a validator's or the application's own (<c>ModelState.AddModelError</c>).</summary>
    Validation,
}
