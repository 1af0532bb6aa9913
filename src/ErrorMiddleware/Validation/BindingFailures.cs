using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ErrorMiddleware;

/// <summary>
/// The messages of binding failures, shared by MVC and minimal APIs. They name the field (or the body) and never
/// echo the framework's exception text.
/// </summary>
internal static class BindingFailures
{
    /// <summary>The body does not parse as JSON.</summary>
    public const string NotJson = "The request body is not valid JSON.";

    /// <summary>A field (or, for an empty <paramref name="field"/>, the body) that could not be read.</summary>
    public static FieldError Invalid(string field, JsonException? exception = null, FieldNameResolver? names = null) =>
        new(field, field.Length == 0 ? BodyMessage(exception, names) : $"'{field}' has an invalid value or type.");

    /// <summary>
    /// What is wrong with a body that failed as a whole: <see cref="NotJson"/> for a syntax error (or when the cause is
    /// unknown), otherwise the JSON type the endpoint expects (<c>[]</c> sent where an object is expected is valid JSON
    /// of the wrong shape).
    /// </summary>
    public static string BodyMessage(JsonException? exception, FieldNameResolver? names)
    {
        if (exception is null || IsSyntaxError(exception))
        {
            return NotJson;
        }

        return ExpectedKind(names) switch
        {
            JsonTypeInfoKind.Object => "The request body must be a JSON object.",
            JsonTypeInfoKind.Enumerable => "The request body must be a JSON array.",
            JsonTypeInfoKind.Dictionary => "The request body must be a JSON object.",
            _ => "The request body is valid JSON but not of the expected type.",
        };
    }

    /// <summary>
    /// System.Text.Json reports a syntax error as a <see cref="JsonException"/> that wraps the reader's own
    /// <see cref="JsonException"/>; a value of the wrong type or shape has no such inner exception (pinned by
    /// <c>SystemTextJson_SyntaxErrorWrapsReaderException_ShapeErrorDoesNot</c>).
    /// </summary>
    public static bool IsSyntaxError(JsonException exception) => exception.InnerException is JsonException;

    /// <summary>Whether the request carries a body (a positive Content-Length, or a body of unknown length).</summary>
    public static bool HasBody(HttpRequest request)
    {
        if (request.ContentLength is { } length)
        {
            return length > 0;
        }

        return request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
    }

    private static JsonTypeInfoKind? ExpectedKind(FieldNameResolver? names)
    {
        if (names?.BodyType is not { } type || names.Json?.TypeInfoResolver is null)
        {
            return null;
        }

        try
        {
            return names.Json.GetTypeInfo(type).Kind;
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
