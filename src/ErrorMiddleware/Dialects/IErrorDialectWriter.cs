using System.Text.Json;

namespace ErrorMiddleware;

/// <summary>Writes an error's JSON in one dialect. Writers hold no state and are shared.</summary>
internal interface IErrorDialectWriter
{
    /// <summary>The response's Content-Type.</summary>
    string ContentType { get; }

    /// <summary>Writes the whole JSON document of the error.</summary>
    void Write(Utf8JsonWriter writer, ErrorPayload payload);
}
