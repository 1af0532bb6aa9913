using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>
/// The buffer an error body is serialised into, with its <see cref="Utf8JsonWriter"/>: one instance is kept per
/// thread and reused, and its memory is rented from <see cref="ArrayPool{T}.Shared"/> and given back when the body
/// has been written, so an error allocates neither a writer nor a buffer, and never regrows one.
/// </summary>
/// <remarks>
/// <para>
/// Ownership is strict: <see cref="Rent"/> hands the instance to one caller, which returns it exactly once with
/// <see cref="Dispose"/> after the last use of <see cref="WrittenMemory"/> (a second call is ignored). A rented
/// instance is never in the per-thread slot, so a nested or concurrent error on the same thread gets another one.
/// </para>
/// <para>
/// Nothing is pinned between errors: the instance keeps no memory, and an array that grew past
/// <see cref="MaxPooledLength"/> (one huge error) goes back to the garbage collector, not to the pool.
/// </para>
/// </remarks>
internal sealed class ErrorBodyBuffer : IBufferWriter<byte>, IDisposable
{
    /// <summary>The largest array given back to the pool; larger ones are left to the garbage collector.</summary>
    internal const int MaxPooledLength = 64 * 1024;

    /// <summary>
    /// The first array rented: larger than <see cref="Utf8JsonWriter"/>'s worst-case estimate for a typical value
    /// (a 55-character trace id asks for several hundred bytes), so a usual error body never grows it.
    /// </summary>
    private const int InitialLength = 4096;

    private static readonly JsonWriterOptions s_options = new() { Encoder = ErrorJsonEncoder.Instance };

    [ThreadStatic]
    private static ErrorBodyBuffer? t_cached;

    private readonly Utf8JsonWriter _json;
    private byte[] _array = [];
    private int _written;
    private bool _rented;

    private ErrorBodyBuffer()
    {
        _json = new Utf8JsonWriter(this, s_options);
    }

    /// <summary>The JSON writer over this buffer, reset for a new document.</summary>
    public Utf8JsonWriter Json => _json;

    /// <summary>What has been written (after the writer was flushed).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _written);

    /// <summary>Takes this thread's instance (or a new one) for one body.</summary>
    public static ErrorBodyBuffer Rent()
    {
        var buffer = t_cached ?? new ErrorBodyBuffer();
        t_cached = null;
        Debug.Assert(!buffer._rented, "A cached buffer is never rented.");
        buffer._rented = true;
        buffer._json.Reset();
        return buffer;
    }

    /// <summary>Gives the memory back and makes the instance available to this thread again.</summary>
    public void Dispose()
    {
        if (!_rented)
        {
            return;
        }

        _rented = false;
        _json.Reset();
        var array = _array;
        _array = [];
        _written = 0;
        if (array.Length is > 0 and <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        t_cached ??= this;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _array.Length - _written)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        // Reserve first: it may replace the array.
        var start = Reserve(sizeHint);
        return _array.AsMemory(start);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _array.AsSpan(start);
    }

    /// <summary>Makes room for at least <paramref name="sizeHint"/> bytes (1 when 0) and returns where they start.</summary>
    private int Reserve(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(!_rented, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_array.Length - _written < needed)
        {
            var length = Math.Max(Math.Max(InitialLength, _written + needed), checked(_array.Length * 2));
            var grown = ArrayPool<byte>.Shared.Rent(length);
            _array.AsSpan(0, _written).CopyTo(grown);
            if (_array.Length is > 0 and <= MaxPooledLength)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = grown;
        }

        return _written;
    }
}
