using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Allocation;

[Collection(AllocationTestGroup.Name)]
public sealed class ErrorBodyBufferTests
{
    [Fact]
    public void Dispose_Twice_MakesTheBufferAvailableOnce()
    {
        // Arrange
        var first = ErrorBodyBuffer.Rent();
        first.Dispose();

        // Act
        first.Dispose();
        var again = ErrorBodyBuffer.Rent();
        var another = ErrorBodyBuffer.Rent();

        // Assert
        Assert.Same(first, again);
        Assert.NotSame(again, another);
        another.Dispose();
        again.Dispose();
    }

    [Fact]
    public void Rent_WhileRented_GivesAnotherBuffer()
    {
        // Arrange
        var outer = ErrorBodyBuffer.Rent();

        // Act
        var inner = ErrorBodyBuffer.Rent();

        // Assert
        Assert.NotSame(outer, inner);
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void GetMemory_AfterDispose_Throws()
    {
        // Arrange
        var buffer = ErrorBodyBuffer.Rent();
        buffer.Dispose();

        // Act + Assert
        Assert.Throws<ObjectDisposedException>(() => buffer.GetMemory(16));
        ErrorBodyBuffer.Rent().Dispose();
    }

    [Fact]
    public void Serialize_LargeBody_GrowsAndKeepsEveryByte()
    {
        // Arrange
        var message = new string('m', 3 * ErrorBodyBuffer.MaxPooledLength);
        var error = new ResolvedError { Code = ErrorCodes.For(ErrorKind.InternalError, ErrorDialect.BusinessCode), StatusCode = 500, Message = message };

        // Act
        string json;
        using (var body = ErrorResponseWriter.Serialize(ApiErrorDialect.BuiltIn(ErrorDialect.BusinessCode), error, new DefaultHttpContext()))
        {
            json = Encoding.UTF8.GetString(body.WrittenMemory.Span);
        }

        // Assert
        Assert.Equal(message, JsonDocument.Parse(json).RootElement.GetProperty("msg").GetString());
    }

    [Fact]
    public void Serialize_DialectThrows_GivesTheBufferBack()
    {
        // Arrange
        var cached = ErrorBodyBuffer.Rent();
        cached.Dispose();
        var error = new ResolvedError { Code = ErrorCodes.For(ErrorKind.InternalError, ErrorDialect.BusinessCode), StatusCode = 500, Message = "m" };

        // Act
        Assert.Throws<InvalidOperationException>(() => ErrorResponseWriter.Serialize(new HalfWrittenDialect(), error, new DefaultHttpContext()));
        var next = ErrorBodyBuffer.Rent();

        // Assert
        Assert.Same(cached, next);
        Assert.Equal(0, next.WrittenMemory.Length);
        next.Dispose();
    }

    [Theory]
    [InlineData(ActivityTraceFlags.None)]
    [InlineData(ActivityTraceFlags.Recorded)]
    public void WriteTraceId_W3CActivity_WritesItsId(ActivityTraceFlags flags)
    {
        // Arrange
        using var activity = new Activity("trace-id").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.ActivityTraceFlags = flags;

        // Act
        var written = WriteTraceId(new DefaultHttpContext());

        // Assert
        Assert.Equal(activity.Id, written);
    }

    [Fact]
    public void WriteTraceId_HierarchicalActivity_WritesItsId()
    {
        // Arrange
        using var activity = new Activity("trace-id").SetIdFormat(ActivityIdFormat.Hierarchical).Start();

        // Act
        var written = WriteTraceId(new DefaultHttpContext());

        // Assert
        Assert.Equal(activity.Id, written);
    }

    [Fact]
    public void WriteTraceId_NoActivity_WritesTheRequestId()
    {
        // Arrange
        Activity.Current = null;
        var context = new DefaultHttpContext { TraceIdentifier = "request-7" };

        // Act
        var written = WriteTraceId(context);

        // Assert
        Assert.Equal("request-7", written);
    }

    private static string? WriteTraceId(HttpContext context)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            DialectJson.WriteTraceId(writer, "traceId", context);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("traceId").GetString();
    }

    /// <summary>Starts the body, then fails: the buffer it was writing into must still go back.</summary>
    private sealed class HalfWrittenDialect() : ApiErrorDialect("HalfWritten")
    {
        public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
        {
            writer.WriteStartObject();
            writer.WriteString("code", "x");
            throw new InvalidOperationException("The dialect failed mid-body.");
        }
    }
}
