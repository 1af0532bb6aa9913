using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ErrorMiddleware;
using SampleApi.Infrastructure;

namespace SampleApi.Endpoints;

/// <summary>
/// The Wanqing (OpenAI-compatible) <c>/v1</c> group: <c>POST /v1/chat/completions</c> with a fake model that echoes
/// the last user message, as one completion or as an OpenAI chunk stream (<c>data: {...}</c> ... <c>data: [DONE]</c>).
/// The message "fail-mid-stream" makes the stream fail after its first chunk. A request costs 10 units of quota,
/// runs under the <c>inference</c> timeout policy and is refused for an account in arrears.
/// </summary>
internal static partial class ChatCompletionsEndpoints
{
    public const string FailMidStream = "fail-mid-stream";

    public static IEndpointConventionBuilder MapChatCompletions(this IEndpointRouteBuilder v1) =>
        v1.MapPost("/chat/completions", CreateAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("Echoes the last user message; streams it with \"stream\": true.")
            .AddEndpointFilter<BillingStandingFilter>()
            .RequireQuota(SamplePolicies.RequestCost)
            .WithRequestTimeout(SamplePolicies.Inference);

    private static async Task<IResult> CreateAsync(ChatCompletionRequest request, HttpContext context, TimeProvider time, SampleModels models)
    {
        if (request.Messages is null)
        {
            throw new ValidationFailedException([new FieldError("messages", "The messages parameter is required.", isMissing: true)]);
        }

        if (request.Messages.Count == 0)
        {
            throw new ValidationFailedException("messages", "'messages' must contain at least one message.");
        }

        CheckMessages(request.Messages);
        if (request.User is { } user && !UserId().IsMatch(user))
        {
            throw new ApiException(ErrorKind.UserInfoInvalid);
        }

        var inference = models.ForInference(request.Model);
        var model = inference.Id;
        var echo = await SampleModels.RunAsync(inference, LastUserText(request.Messages), context.RequestAborted);
        var id = "chatcmpl-" + context.TraceIdentifier.Replace(':', '-');
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (!request.Stream)
        {
            return Results.Json(new
            {
                id,
                @object = "chat.completion",
                created,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = echo }, finish_reason = "stop" } },
                usage = new { prompt_tokens = echo.Length, completion_tokens = echo.Length, total_tokens = 2 * echo.Length },
            });
        }

        // Everything that can fail as an ordinary error response was checked above; from here on a failure
        // ends the stream with one error event.
        var response = context.Response;
        var aborted = context.RequestAborted;
        await response.StartEventStreamAsync(aborted);
        await response.WriteEventAsync(Chunk(id, created, model, new { role = "assistant", content = echo }, finishReason: null), aborted);
        if (echo == FailMidStream)
        {
            throw new InvalidOperationException("The fake model failed in the middle of the stream.");
        }

        await response.WriteEventAsync(Chunk(id, created, model, new { }, finishReason: "stop"), aborted);
        await response.WriteEventAsync("[DONE]", aborted);
        return Results.Empty;
    }

    private static string Chunk(string id, long created, string model, object delta, string? finishReason) =>
        JsonSerializer.Serialize(new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        });

    /// <summary>
    /// Refuses, as the client's fault (400 <c>InvalidArgument.RequestBodyInvalid</c>), a message that is <c>null</c> or
    /// whose content is not valid Unicode text. JSON syntax allows an escaped lone surrogate (<c>"\ud800"</c>), and the
    /// reader does not check the bytes inside a string it keeps as a <see cref="JsonElement"/>: either would otherwise
    /// surface as an <see cref="InvalidOperationException"/> from <see cref="JsonElement.GetString"/> — a 500.
    /// </summary>
    private static void CheckMessages(List<ChatMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is null)
            {
                throw new ValidationFailedException($"messages[{i}]", $"'messages[{i}]' must be a message object.");
            }

            if (messages[i].Content is { } content && !IsValidText(content))
            {
                var field = $"messages[{i}].content";
                throw new ApiException(ErrorKind.RequestBodyInvalid)
                {
                    Fields = [new FieldError(field, $"'{field}' has an invalid value or type.")],
                };
            }
        }
    }

    /// <summary>Whether every string and property name in <paramref name="element"/> converts to UTF-16 text.</summary>
    private static bool IsValidText(JsonElement element)
    {
        try
        {
            Visit(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static void Visit(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        Visit(property.Value);
                    }

                    break;
            }
        }
    }

    private static string LastUserText(List<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user" && messages[i].Content is { } content)
            {
                return content.ValueKind == JsonValueKind.String
                    ? content.GetString() ?? string.Empty
                    : content.GetRawText();
            }
        }

        return string.Empty;
    }

    [GeneratedRegex("^[A-Za-z0-9_.@-]{1,64}$")]
    private static partial Regex UserId();
}

/// <summary>The part of an OpenAI chat completion request the fake model reads.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; init; }

    /// <summary>Required: documented as such in the OpenAPI schema; checked by the endpoint.</summary>
    [Required]
    public List<ChatMessage>? Messages { get; init; }

    public bool Stream { get; init; }

    /// <summary>The end user on whose behalf the request is made: 1-64 of <c>A-Z a-z 0-9 _ . @ -</c>.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }
}

/// <summary>One chat message; <c>content</c> is a string or an array of parts.</summary>
internal sealed class ChatMessage
{
    public string? Role { get; init; }

    public JsonElement? Content { get; init; }
}
