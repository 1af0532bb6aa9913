using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for a request body that a handler read with <c>HttpRequest.ReadFromJsonAsync</c> and that does not
/// parse: that <see cref="JsonException"/> is <see cref="ErrorKind.RequestBodyInvalid"/> (the client's fault). Every
/// other <see cref="JsonException"/> (a stored value, an upstream reply, a cache entry) is a server fault and is left to
/// the end of the chain (530003, logged at Error).
/// </summary>
/// <remarks>
/// The signal is the exception's origin, not the request: the framework's
/// <see cref="HttpRequestJsonExtensions"/> must be on the exception's stack trace (the async state machine of
/// <c>ReadFromJsonAsync</c> is nested in it), and the request must carry a body. Looking only at whether the request
/// has a body blamed the client for a handler that read a valid body and then failed to parse a stored string.
/// Minimal-API and MVC parameter binding never reach this link: the former wraps the exception in a
/// <see cref="BadHttpRequestException"/>, the latter records it in the model state. A handler that parses the body
/// itself (<c>JsonSerializer.DeserializeAsync(request.Body)</c>) gets a 500: it should use <c>ReadFromJsonAsync</c> or
/// map the failure itself.
/// </remarks>
internal sealed class RequestJsonExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is JsonException && CarriesBody(context) && ThrownByReadFromJson(exception)
            ? new ApiError { Kind = ErrorKind.RequestBodyInvalid, Exception = exception }
            : null;

    /// <summary>Whether <paramref name="exception"/> came out of <see cref="HttpRequestJsonExtensions"/> (<c>ReadFromJsonAsync</c>).</summary>
    internal static bool ThrownByReadFromJson(Exception exception)
    {
        // Frames of earlier await segments are part of the trace: the serializer's, then ReadFromJsonAsync's state
        // machine, a type nested in HttpRequestJsonExtensions. DiagnosticMethodInfo keeps this working when trimmed.
        var extensions = typeof(HttpRequestJsonExtensions).FullName!;
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: false).GetFrames())
        {
            var declaringType = DiagnosticMethodInfo.Create(frame)?.DeclaringTypeName;
            if (declaringType is not null && declaringType.StartsWith(extensions, StringComparison.Ordinal)
                && (declaringType.Length == extensions.Length || declaringType[extensions.Length] == '+'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CarriesBody(HttpContext? context)
    {
        if (context is null)
        {
            return false;
        }

        var request = context.Request;
        return request.ContentLength > 0
            || (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
    }
}
