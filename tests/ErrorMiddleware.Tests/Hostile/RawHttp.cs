using System.Net.Sockets;
using System.Text;

namespace ErrorMiddleware.Tests.Hostile;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient refuses to send (CR in a header, invalid UTF-8, raw paths,
/// Expect: 100-continue timing, trickled bodies). Every read and write is bounded by one deadline.
/// </summary>
internal static class RawHttp
{
    private const int MaxResponseBytes = 1024 * 1024;

    /// <summary>Sends one request on a fresh connection and reads one response (or what the server sent before closing).</summary>
    public static async Task<RawResponse> SendAsync(int port, HostileRequest request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var token = cts.Token;
        using var client = new TcpClient();
        client.NoDelay = true;
        await client.ConnectAsync("127.0.0.1", port, token);
        var stream = client.GetStream();
        var reader = new ResponseReader(stream);

        await stream.WriteAsync(request.Head, token);
        if (request.WaitForContinue)
        {
            // The server answers 100 Continue, or its final status, before the body is sent.
            var interim = await reader.ReadResponseAsync(token);
            if (interim.Status != 100)
            {
                return interim;
            }
        }

        try
        {
            if (request.Trickle is { } trickle)
            {
                for (var offset = 0; offset < request.Body.Length; offset += trickle.ChunkSize)
                {
                    var size = Math.Min(trickle.ChunkSize, request.Body.Length - offset);
                    await stream.WriteAsync(request.Body.AsMemory(offset, size), token);
                    await Task.Delay(trickle.Pause, token);
                }
            }
            else if (request.Body.Length > 0)
            {
                await stream.WriteAsync(request.Body, token);
            }
        }
        catch (IOException)
        {
            // The server may answer (413) and close before the whole body was sent; its answer is still readable.
        }

        return await reader.ReadResponseAsync(token);
    }

    private sealed class ResponseReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly MemoryStream _pending = new();

        public async Task<RawResponse> ReadResponseAsync(CancellationToken token)
        {
            var headEnd = await FillUntilAsync(static data => IndexOf(data, "\r\n\r\n"u8), token);
            if (headEnd < 0)
            {
                return new RawResponse(0, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), [], Closed: true);
            }

            var data = _pending.ToArray();
            var head = Encoding.Latin1.GetString(data, 0, headEnd);
            Consume(headEnd + 4);
            var lines = head.Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var existing) ? existing + ", " + value : value;
            }

            if (status is >= 100 and < 200)
            {
                return new RawResponse(status, headers, [], Closed: false);
            }

            byte[] body;
            if (headers.TryGetValue("Content-Length", out var length))
            {
                var size = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
                await FillUntilAsync(d => d.Length >= size ? size : -1, token);
                body = Take(size);
            }
            else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await ReadChunkedAsync(token);
            }
            else
            {
                await FillUntilAsync(static _ => -1, token);
                body = Take((int)_pending.Length);
            }

            return new RawResponse(status, headers, body, Closed: false);
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken token)
        {
            using var body = new MemoryStream();
            while (true)
            {
                var lineEnd = await FillUntilAsync(static d => IndexOf(d, "\r\n"u8), token);
                var line = Encoding.ASCII.GetString(Take(lineEnd));
                Consume(2);
                var size = Convert.ToInt32(line.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    await FillUntilAsync(static d => IndexOf(d, "\r\n"u8), token);
                    return body.ToArray();
                }

                await FillUntilAsync(d => d.Length >= size + 2 ? size : -1, token);
                body.Write(Take(size));
                Consume(2);
            }
        }

        /// <summary>Reads until <paramref name="found"/> gives an index, the connection ends, or the cap is reached.</summary>
        private async Task<int> FillUntilAsync(Func<byte[], int> found, CancellationToken token)
        {
            while (true)
            {
                var index = found(_pending.ToArray());
                if (index >= 0 || _pending.Length > MaxResponseBytes)
                {
                    return index;
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(_buffer, token);
                }
                catch (IOException)
                {
                    read = 0;
                }

                if (read == 0)
                {
                    return found(_pending.ToArray());
                }

                _pending.Write(_buffer, 0, read);
            }
        }

        private byte[] Take(int count)
        {
            var data = _pending.ToArray();
            var taken = data[..Math.Min(count, data.Length)];
            Consume(taken.Length);
            return taken;
        }

        private void Consume(int count)
        {
            var data = _pending.ToArray();
            _pending.SetLength(0);
            _pending.Write(data, Math.Min(count, data.Length), Math.Max(0, data.Length - count));
        }

        private static int IndexOf(byte[] data, ReadOnlySpan<byte> value) => data.AsSpan().IndexOf(value);
    }
}

/// <summary>A response as read from the socket.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool Closed)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
