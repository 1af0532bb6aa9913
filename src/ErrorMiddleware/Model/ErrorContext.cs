using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>What <see cref="ApiErrorsOptions.OnError"/> is told about an error about to be written.</summary>
public sealed class ErrorContext
{
    /// <summary>The request.</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>The exception, when the error comes from one.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The dialect the error is written in.</summary>
    public required ErrorDialect Dialect { get; init; }

    /// <summary>The catalog row written.</summary>
    public required ErrorCode Code { get; init; }

    /// <summary>The HTTP status written.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The failed fields, for validation and binding failures; empty otherwise.</summary>
    public required IReadOnlyList<FieldError> Fields { get; init; }

    /// <summary>The message that will be written; the callback may replace it.</summary>
    public required string Message { get; set; }
}
