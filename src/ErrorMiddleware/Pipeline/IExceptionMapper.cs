using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// One link of the exception-classification chain: an integration (the <see cref="ApiException"/> base, minimal-API
/// binding, server and form limits, FluentValidation, the request's JSON body, the database, the HTTP client)
/// recognises the exceptions it knows and says which error they are. Each integration registers its mappers in its own
/// services class; <see cref="ExceptionClassifier"/> asks them in <see cref="Order"/>, after the application's mappings.
/// </summary>
internal interface IExceptionMapper
{
    /// <summary>
    /// Where the mapper runs in the chain, lowest first (ties keep their registration order). A mapper that recognises
    /// an exception by what it wraps runs before a mapper that takes every exception of the outer type.
    /// </summary>
    int Order { get; }

    /// <summary>The error <paramref name="exception"/> is, or <see langword="null"/> when the mapper does not know it.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="context">The request, when there is one.</param>
    ApiError? TryMap(Exception exception, HttpContext? context);
}
