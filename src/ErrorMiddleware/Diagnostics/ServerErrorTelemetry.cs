using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ErrorMiddleware;

/// <summary>
/// What the platform's telemetry is told about a server error (5xx) the library answered, so that OpenTelemetry and
/// APM agents see it without configuration, as they would see an exception the framework's own handler reported:
/// <list type="bullet">
/// <item><c>error.type</c> on <c>http.server.request.duration</c> (through <see cref="IHttpMetricsTagsFeature"/>) and on
/// the request <see cref="Activity"/>: the exception's full type name, or the status code (<c>"503"</c>) when no
/// exception caused it — the HTTP semantic conventions' values, the ones the framework and OpenTelemetry's
/// instrumentation use;</item>
/// <item>the request <see cref="Activity"/>'s status set to <see cref="ActivityStatusCode.Error"/>;</item>
/// <item>the <c>Microsoft.AspNetCore.Diagnostics.HandledException</c> event on the <c>Microsoft.AspNetCore</c>
/// <see cref="DiagnosticListener"/>, with the framework's payload (<c>httpContext</c>, <c>exception</c>), when an
/// exception caused it.</item>
/// </list>
/// A 4xx is the client's error: by the semantic conventions neither the request's metric nor its server span is
/// failed by it, so nothing of this is reported for it (the library's own counter and log still record it).
/// </summary>
internal sealed class ServerErrorTelemetry(DiagnosticListener? diagnosticListener = null)
{
    public const string HandledExceptionEventName = "Microsoft.AspNetCore.Diagnostics.HandledException";
    public const string ErrorTypeTag = "error.type";

    public void ServerError(HttpContext context, int statusCode, Exception? exception)
    {
        if (statusCode < StatusCodes.Status500InternalServerError)
        {
            return;
        }

        var errorType = exception is null ? statusCode.ToString(CultureInfo.InvariantCulture) : exception.GetType().FullName ?? exception.GetType().Name;
        if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metricsTags && !HasTag(metricsTags.Tags, ErrorTypeTag))
        {
            metricsTags.Tags.Add(new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
        }

        if (context.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
        {
            activity.SetTag(ErrorTypeTag, errorType);
            activity.SetStatus(ActivityStatusCode.Error);
        }

        if (exception is not null && diagnosticListener is { } listener && listener.IsEnabled() && listener.IsEnabled(HandledExceptionEventName))
        {
            Write(listener, HandledExceptionEventName, new { httpContext = context, exception });
        }
    }

    private static bool HasTag(ICollection<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return true;
            }
        }

        return false;
    }

    [UnconditionalSuppressMessage("ReflectionAnalysis", "IL2026", Justification = "The payload's public properties are preserved by the generic argument's annotation.")]
    private static void Write<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TPayload>(DiagnosticSource source, string name, TPayload payload)
        where TPayload : notnull =>
        source.Write(name, payload);
}
