using System.Text;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>The bytes of one request, built by hand so nothing is validated or normalised on the way out.</summary>
internal sealed record HostileRequest(byte[] Head, byte[] Body, bool WaitForContinue = false, Trickle? Trickle = null)
{
    /// <summary>How a request declares its body length.</summary>
    public enum Framing
    {
        ContentLength,
        Chunked,
        None,
    }

    /// <summary>
    /// Builds a request: <paramref name="target"/> and header values go out as Latin-1 bytes, exactly as given
    /// (so a CR, a NUL or a raw path stays in). <c>Host</c> and <c>Connection: close</c> are added unless
    /// <paramref name="host"/> is false.
    /// </summary>
    public static HostileRequest Build(
        string method,
        string target,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        Framing framing = Framing.ContentLength,
        bool host = true,
        bool expectContinue = false,
        Trickle? trickle = null)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        if (host)
        {
            head.Append("Host: 127.0.0.1\r\n");
        }

        head.Append("Connection: close\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        body ??= [];
        if (body.Length > 0 || framing == Framing.Chunked)
        {
            if (framing == Framing.ContentLength)
            {
                head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
            }
            else if (framing == Framing.Chunked)
            {
                head.Append("Transfer-Encoding: chunked\r\n");
                body = Chunk(body);
            }
        }

        if (expectContinue)
        {
            head.Append("Expect: 100-continue\r\n");
        }

        head.Append("\r\n");
        return new HostileRequest(Encoding.Latin1.GetBytes(head.ToString()), body, expectContinue, trickle);
    }

    /// <summary>A JSON POST whose body is the given bytes.</summary>
    public static HostileRequest Json(string target, byte[] body, Framing framing = Framing.ContentLength, bool expectContinue = false, Trickle? trickle = null) =>
        Build("POST", target, [("Content-Type", "application/json")], body, framing, expectContinue: expectContinue, trickle: trickle);

    /// <summary>A JSON POST of a UTF-8 string.</summary>
    public static HostileRequest Json(string target, string body) => Json(target, Encoding.UTF8.GetBytes(body));

    private static byte[] Chunk(byte[] body)
    {
        using var chunked = new MemoryStream();
        const int Size = 1024;
        for (var offset = 0; offset < body.Length; offset += Size)
        {
            var count = Math.Min(Size, body.Length - offset);
            chunked.Write(Encoding.ASCII.GetBytes(count.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
            chunked.Write(body, offset, count);
            chunked.Write("\r\n"u8);
        }

        chunked.Write("0\r\n\r\n"u8);
        return chunked.ToArray();
    }
}

/// <summary>A body sent <see cref="ChunkSize"/> bytes at a time with <see cref="Pause"/> between writes.</summary>
internal sealed record Trickle(int ChunkSize, TimeSpan Pause);
