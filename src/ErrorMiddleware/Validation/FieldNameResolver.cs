using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace ErrorMiddleware;

/// <summary>
/// The one place that names a failed field the way the client sent it (<c>messages[0].role</c>, <c>max_tokens</c>):
/// used for MVC model state, minimal-API binding, FluentValidation, .NET's built-in validation and
/// <c>ValidationProblemDetails</c> / <c>SerializableError</c> results alike.
/// </summary>
/// <remarks>
/// <para>
/// <b>Paths.</b> A JSON path (<c>$.messages[0].role</c>, <c>$['a b']</c>) is the client's own spelling and is kept.
/// A CLR member path (<c>Messages[0].Role</c>) or a naming-policy path (<c>count</c>, as .NET's built-in validation
/// reports a member renamed <c>item_count</c>) is walked through the serializer's contract of the body type, so
/// <c>[JsonPropertyName]</c> and the naming policy are honoured; members the contract does not know are converted with
/// the naming policy. An MVC model-state key that starts with a route, query, header or form parameter keeps that
/// name as sent; one that starts with the body parameter's name loses it.
/// </para>
/// <para>
/// <b>Which JSON options.</b> Those the endpoint's body is read with: MVC's <see cref="MvcJsonOptions"/> for controller
/// actions, minimal APIs' <see cref="HttpJsonOptions"/> for every other endpoint (and when there is no endpoint).
/// Configure both alike and a controller action and a minimal endpoint report the same names. Without any options
/// (no services) the naming policy is camelCase.
/// </para>
/// <para>
/// <b>Echo cap.</b> Input echoed in an error is cut to <see cref="MaxEchoLength"/> (256) characters and marked by
/// appending <see cref="TruncationMarker"/> (<c>...(truncated)</c>): every name this resolver returns, every
/// <see cref="FieldError.Field"/>, and the values FluentValidation puts in its messages. A client that sends a
/// 100,000-character property name gets it back at most that long.
/// </para>
/// </remarks>
internal sealed class FieldNameResolver
{
    /// <summary>The most characters of client input an error echoes (a field name, a value).</summary>
    public const int MaxEchoLength = 256;

    /// <summary>Appended to echoed input that was cut at <see cref="MaxEchoLength"/>.</summary>
    public const string TruncationMarker = "...(truncated)";

    private static readonly char[] s_separators = ['.', '['];
    private static readonly FieldNameResolver s_camelCase = new(null, null, null, null);

    private readonly JsonSerializerOptions? _json;
    private readonly Type? _bodyType;
    private readonly string? _bodyName;
    private readonly HashSet<string>? _valueParameters;

    private FieldNameResolver(JsonSerializerOptions? json, Type? bodyType, string? bodyName, HashSet<string>? valueParameters)
    {
        _json = json;
        _bodyType = bodyType;
        _bodyName = bodyName;
        _valueParameters = valueParameters;
    }

    /// <summary>The JSON options names are resolved with; <see langword="null"/> when none were found.</summary>
    public JsonSerializerOptions? Json => _json;

    /// <summary>The type of the JSON body the names belong to, when known.</summary>
    public Type? BodyType => _bodyType;

    /// <summary>Names the fields of the request's endpoint: a controller action or a minimal endpoint (see the remarks).</summary>
    public static FieldNameResolver For(HttpContext? context)
    {
        if (context is null)
        {
            return s_camelCase;
        }

        var endpoint = context.GetEndpoint();
        var services = context.RequestServices;
        if (endpoint?.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action)
        {
            return ForAction(action, services);
        }

        var json = services?.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions;
        // The request delegate factory records the body's type in the endpoint's accepts metadata, whatever the
        // parameter's position (HttpRequest, ClaimsPrincipal or IFormFile parameters before it are not the body).
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        return new FieldNameResolver(json, bodyType, null, null);
    }

    /// <summary>Names the model-state keys of an MVC action, with MVC's JSON options.</summary>
    public static FieldNameResolver For(ActionContext context) => ForAction(context.ActionDescriptor, context.HttpContext.RequestServices);

    /// <summary>Names the members of <paramref name="modelType"/> (a validated argument) with <paramref name="json"/>.</summary>
    public static FieldNameResolver ForModel(Type? modelType, JsonSerializerOptions? json) =>
        modelType is null && json is null ? s_camelCase : new FieldNameResolver(json, modelType, null, null);

    /// <summary>
    /// Cuts <paramref name="text"/> to <paramref name="maxLength"/> characters and appends <see cref="TruncationMarker"/>;
    /// shorter text is returned as is. Applying it twice gives the same result.
    /// </summary>
    public static string Cap(string text, int maxLength = MaxEchoLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        // Never split a surrogate pair: a lone surrogate cannot be written as JSON.
        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Concat(text.AsSpan(0, cut), TruncationMarker);
    }

    /// <summary>The client's path for <paramref name="path"/> (see the remarks), capped.</summary>
    public string Resolve(string? path) => Cap(ResolveCore(path));

    private string ResolveCore(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        if (path[0] == '$')
        {
            return JsonFieldPath.FromJsonPath(path);
        }

        var end = path.IndexOfAny(s_separators);
        var first = end < 0 ? path : path[..end];
        if (_valueParameters is not null && _valueParameters.Contains(first))
        {
            // A route, query, header or form name: the client sent exactly this name.
            var rest = end < 0 ? string.Empty : JsonFieldPath.Walk(path[end..], null, _json);
            return rest.Length == 0 ? first : rest[0] == '[' ? first + rest : first + "." + rest;
        }

        if (_bodyName is not null && string.Equals(first, _bodyName, StringComparison.OrdinalIgnoreCase))
        {
            if (end < 0)
            {
                return string.Empty;
            }

            path = path[end..];
        }

        return JsonFieldPath.Walk(path, _bodyType, _json);
    }

    private static FieldNameResolver ForAction(ActionDescriptor action, IServiceProvider? services)
    {
        var json = services?.GetService<IOptions<MvcJsonOptions>>()?.Value.JsonSerializerOptions;
        Type? bodyType = null;
        string? bodyName = null;
        HashSet<string>? valueParameters = null;
        foreach (var parameter in action.Parameters)
        {
            var name = parameter.BindingInfo?.BinderModelName ?? parameter.Name;
            if (parameter.BindingInfo?.BindingSource == BindingSource.Body)
            {
                bodyType ??= parameter.ParameterType;
                bodyName ??= name;
            }
            else
            {
                (valueParameters ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(name);
            }
        }

        return new FieldNameResolver(json, bodyType, bodyName, valueParameters);
    }
}
