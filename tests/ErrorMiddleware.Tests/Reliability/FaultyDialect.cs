using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware.Tests.Reliability;

/// <summary>An application dialect with a bug: its <see cref="WriteBody"/> throws for every error.</summary>
internal sealed class FaultyDialect() : ApiErrorDialect("Faulty")
{
    public const string Message = "dialect bug";

    public override string ContentType => "application/vnd.faulty+json";

    public override void WriteBody(Utf8JsonWriter writer, ResolvedError error, HttpContext context)
    {
        writer.WriteStartObject();
        writer.WriteString("half", "written");
        throw new InvalidOperationException(Message);
    }
}
