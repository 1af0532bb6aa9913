using System.Text.Json;

namespace ErrorMiddleware.Tests.Streaming;

/// <summary>Splits a <c>text/event-stream</c> body into events the way an SSE client does (WHATWG rules, <c>data:</c> only).</summary>
internal static class SseEvents
{
    public static IReadOnlyList<string> Parse(string body)
    {
        var events = new List<string>();
        var data = new List<string>();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (data.Count != 0)
                {
                    events.Add(string.Join('\n', data));
                    data.Clear();
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line[5..];
                data.Add(value.StartsWith(' ') ? value[1..] : value);
            }
        }

        // An event without its closing blank line is never dispatched.
        return events;
    }

    public static JsonElement Json(string data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }
}
