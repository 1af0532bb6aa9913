using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace ErrorMiddleware.Tests.Streaming;

/// <summary>
/// Splits a <c>text/event-stream</c> body into the data of its events with .NET's own SSE parser
/// (<see cref="SseParser"/>, System.Net.ServerSentEvents), so every frame the library writes is checked by the
/// parser clients use. An event without its closing blank line is never dispatched.
/// </summary>
internal static class SseEvents
{
    public static IReadOnlyList<string> Parse(string body)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return SseParser.Create(stream).Enumerate().Select(static item => item.Data).ToList();
    }

    public static JsonElement Json(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }
}
