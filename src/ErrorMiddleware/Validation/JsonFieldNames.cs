using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ErrorMiddleware;

/// <summary>
/// Turns a CLR member path (<c>Messages[0].Role</c>, as MVC's model state and FluentValidation report it) into
/// the JSON path the client sent (<c>messages[0].role</c>), using the serializer's own contract: it honours
/// <c>[JsonPropertyName]</c> and the configured naming policy, not just camelCase.
/// </summary>
internal static class JsonFieldNames
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, ConcurrentDictionary<(Type, string), Member>> s_members = new();

    /// <summary>Resolves <paramref name="clrPath"/> against <paramref name="root"/>; JSON paths (<c>$.a</c>) pass through.</summary>
    public static string Resolve(string? clrPath, Type? root, JsonSerializerOptions? options)
    {
        if (string.IsNullOrEmpty(clrPath) || clrPath[0] == '$' || options is null)
        {
            return FieldNames.ToJsonPath(clrPath);
        }

        var builder = new StringBuilder(clrPath.Length);
        var current = root;
        var i = 0;
        while (i < clrPath.Length)
        {
            var c = clrPath[i];
            if (c == '.')
            {
                i++;
                continue;
            }

            if (c == '[')
            {
                var close = clrPath.IndexOf(']', i);
                if (close < 0)
                {
                    builder.Append(clrPath, i, clrPath.Length - i);
                    break;
                }

                builder.Append(clrPath, i, close - i + 1);
                current = ElementType(current, options);
                i = close + 1;
                continue;
            }

            var end = clrPath.IndexOfAny(['.', '['], i);
            if (end < 0)
            {
                end = clrPath.Length;
            }

            var member = Lookup(current, clrPath[i..end], options);
            if (builder.Length != 0)
            {
                builder.Append('.');
            }

            builder.Append(member.JsonName);
            current = member.Type;
            i = end;
        }

        return builder.ToString();
    }

    /// <summary>The JSON name of one CLR member of <paramref name="container"/>.</summary>
    public static string MemberName(Type container, string clrName, JsonSerializerOptions? options) =>
        options is null ? FieldNames.ToJsonPath(clrName) : Lookup(container, clrName, options).JsonName;

    private static Member Lookup(Type? container, string clrName, JsonSerializerOptions options)
    {
        if (container is null)
        {
            return new Member(Fallback(clrName, options), null);
        }

        var cache = s_members.GetValue(options, static _ => new ConcurrentDictionary<(Type, string), Member>());
        return cache.GetOrAdd((container, clrName), static (key, o) => Find(key.Item1, key.Item2, o), options);
    }

    private static Member Find(Type container, string clrName, JsonSerializerOptions options)
    {
        var info = TypeInfo(container, options);
        if (info is { Kind: JsonTypeInfoKind.Object })
        {
            foreach (var property in info.Properties)
            {
                if (property.AttributeProvider is MemberInfo member && string.Equals(member.Name, clrName, StringComparison.Ordinal))
                {
                    return new Member(property.Name, property.PropertyType);
                }
            }

            // Some sources (.NET's built-in minimal-API validation) report the member name already converted by the
            // naming policy, ignoring [JsonPropertyName]: match that form too.
            var policy = options.PropertyNamingPolicy;
            foreach (var property in info.Properties)
            {
                if (property.AttributeProvider is MemberInfo member
                    && (string.Equals(policy?.ConvertName(member.Name) ?? member.Name, clrName, StringComparison.Ordinal)
                        || string.Equals(member.Name, clrName, StringComparison.OrdinalIgnoreCase)))
                {
                    return new Member(property.Name, property.PropertyType);
                }
            }
        }

        return new Member(Fallback(clrName, options), null);
    }

    private static Type? ElementType(Type? collection, JsonSerializerOptions options) =>
        collection is null ? null : TypeInfo(collection, options)?.ElementType;

    private static JsonTypeInfo? TypeInfo(Type type, JsonSerializerOptions options)
    {
        if (options.TypeInfoResolver is null)
        {
            return null;
        }

        try
        {
            return options.GetTypeInfo(type);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The serializer has no contract for the type: fall back to the naming policy.
            return null;
        }
    }

    private static string Fallback(string clrName, JsonSerializerOptions options) =>
        options.PropertyNamingPolicy?.ConvertName(clrName) ?? clrName;

    private readonly record struct Member(string JsonName, Type? Type);
}
