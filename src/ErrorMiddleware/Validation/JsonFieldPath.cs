using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ErrorMiddleware;

/// <summary>
/// The path arithmetic behind <see cref="FieldNameResolver"/> (its only caller): walks a CLR or naming-policy path
/// through the serializer's contract, and reads a JSON path as the client spelled it.
/// </summary>
internal static class JsonFieldPath
{
    private static readonly char[] s_separators = ['.', '['];
    private static readonly ConditionalWeakTable<JsonSerializerOptions, ConcurrentDictionary<(Type, string), Member>> s_members = new();

    /// <summary>Converts a CLR or naming-policy path, member by member, starting at <paramref name="root"/>.</summary>
    public static string Walk(string path, Type? root, JsonSerializerOptions? json)
    {
        if (path.Length != 0 && path.AsSpan().IndexOfAny('.', '[') < 0)
        {
            // One member (the usual case): its JSON name as it is, without building a copy of it.
            return Lookup(root, path, json).JsonName;
        }

        var builder = new StringBuilder(path.Length);
        var current = root;
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                i++;
                continue;
            }

            if (c == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    builder.Append(path, i, path.Length - i);
                    break;
                }

                builder.Append(path, i, close - i + 1);
                current = current is null ? null : TypeInfo(current, json)?.ElementType;
                i = close + 1;
                continue;
            }

            var end = path.IndexOfAny(s_separators, i);
            if (end < 0)
            {
                end = path.Length;
            }

            var member = Lookup(current, path[i..end], json);
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

    private static Member Lookup(Type? container, string name, JsonSerializerOptions? json)
    {
        if (container is null || json is null)
        {
            return new Member(ConvertName(name, json), null);
        }

        // Only members the contract knows are cached: names a client made up never grow the cache.
        var cache = s_members.GetValue(json, static _ => new ConcurrentDictionary<(Type, string), Member>());
        if (cache.TryGetValue((container, name), out var cached))
        {
            return cached;
        }

        if (Find(container, name, json) is { } found)
        {
            cache.TryAdd((container, name), found);
            return found;
        }

        return new Member(ConvertName(name, json), null);
    }

    private static Member? Find(Type container, string name, JsonSerializerOptions json)
    {
        if (TypeInfo(container, json) is not { Kind: JsonTypeInfoKind.Object } info)
        {
            return null;
        }

        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo member && string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return new Member(property.Name, property.PropertyType);
            }
        }

        // .NET's built-in minimal-API validation reports the member name converted by the naming policy, ignoring
        // [JsonPropertyName]; some sources differ only in case: match those forms too.
        var policy = json.PropertyNamingPolicy;
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo member
                && (string.Equals(policy?.ConvertName(member.Name) ?? member.Name, name, StringComparison.Ordinal)
                    || string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return new Member(property.Name, property.PropertyType);
            }
        }

        return null;
    }

    private static JsonTypeInfo? TypeInfo(Type type, JsonSerializerOptions? json)
    {
        if (json?.TypeInfoResolver is null)
        {
            return null;
        }

        try
        {
            return json.GetTypeInfo(type);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The serializer has no contract for the type: fall back to the naming policy.
            return null;
        }
    }

    private static string ConvertName(string name, JsonSerializerOptions? json)
    {
        var policy = json is null ? JsonNamingPolicy.CamelCase : json.PropertyNamingPolicy;
        return policy?.ConvertName(name) ?? name;
    }

    /// <summary>"$.a.b[0]" → "a.b[0]"; "$['a b'].c" → "a b.c"; "$[0]" → "[0]".</summary>
    public static string FromJsonPath(string path)
    {
        // "$.a.b[0]" → "a.b[0]"; "$['a b'].c" → "a b.c"; "$[0]" → "[0]".
        var builder = new StringBuilder(path.Length);
        var i = 1;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (builder.Length != 0)
                {
                    builder.Append('.');
                }

                i++;
            }
            else if (c == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var close = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    builder.Append(path, i, path.Length - i);
                    break;
                }

                if (builder.Length != 0)
                {
                    builder.Append('.');
                }

                builder.Append(path, i + 2, close - i - 2);
                i = close + 2;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }

    private readonly record struct Member(string JsonName, Type? Type);
}
