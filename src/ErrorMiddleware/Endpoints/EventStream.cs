namespace ErrorMiddleware;

/// <summary>The framing of Server-Sent Events the library writes.</summary>
internal static class EventStream
{
    public static bool IsEventStream(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <summary>The bytes of one error event: <c>\n\ndata: {json}\n\n</c>.</summary>
    /// <remarks>
    /// The frame starts with a blank line: if the application was cut off in the middle of an event, that event is
    /// closed first, so the error always arrives as an event of its own. At an event boundary the blank lines
    /// dispatch nothing (an empty data buffer is never dispatched), so well-formed streams are unaffected. The JSON
    /// is written without indentation and escapes control characters, so it is always one <c>data:</c> line.
    /// </remarks>
    public static byte[] ErrorFrame(ReadOnlySpan<byte> json)
    {
        var frame = new byte[json.Length + 10];
        "\n\ndata: "u8.CopyTo(frame);
        json.CopyTo(frame.AsSpan(8));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }
}
