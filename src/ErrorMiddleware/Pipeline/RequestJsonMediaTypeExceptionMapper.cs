using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for a JSON body that <c>HttpRequest.ReadFromJsonAsync</c> refuses before parsing: a
/// <c>Content-Type</c> charset that is no known encoding (<c>application/json; charset=klingon</c>), or a content type
/// that is not JSON. The framework throws an <see cref="InvalidOperationException"/> from
/// <see cref="HttpRequestJsonExtensions"/> itself, which minimal-API body binding does not catch, so without this link a
/// client's header was a 500. It is <see cref="ErrorKind.UnsupportedMediaType"/> (415), as MVC answers the same body.
/// </summary>
/// <remarks>
/// The signal is where the exception was thrown: the first frame of its stack trace is in
/// <see cref="HttpRequestJsonExtensions"/>. An <see cref="InvalidOperationException"/> from deeper down (the serializer's
/// missing type metadata, say) is a server fault and is left to the end of the chain.
/// </remarks>
internal sealed class RequestJsonMediaTypeExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is InvalidOperationException && context is not null && ThrownInReadFromJson(exception)
            ? new ApiError { Kind = ErrorKind.UnsupportedMediaType, Exception = exception }
            : null;

    /// <summary>Whether <paramref name="exception"/> was thrown by <see cref="HttpRequestJsonExtensions"/> itself.</summary>
    internal static bool ThrownInReadFromJson(Exception exception)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: false).GetFrames();
        if (frames.Length == 0)
        {
            return false;
        }

        var extensions = typeof(HttpRequestJsonExtensions).FullName!;
        var declaringType = DiagnosticMethodInfo.Create(frames[0])?.DeclaringTypeName;
        return declaringType is not null && declaringType.StartsWith(extensions, StringComparison.Ordinal)
            && (declaringType.Length == extensions.Length || declaringType[extensions.Length] == '+');
    }
}
