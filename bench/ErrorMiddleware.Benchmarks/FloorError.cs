using System.Text.Json.Serialization;

namespace ErrorMiddleware.Benchmarks;

/// <summary>The hand-written error body of the floor endpoints: the BusinessCode envelope, without the library.</summary>
internal sealed record FloorError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("request_id")] string RequestId);
