using System.Collections;
using System.Reflection;
using Microsoft.OpenApi;

namespace ErrorMiddleware;

/// <summary>
/// Reads and writes the <c>Content</c> of responses and request bodies in a way that binds to both Microsoft.OpenApi
/// 2.x (Swashbuckle 10) and 3.x (Swashbuckle 11). Everything else this package touches has the same signature in
/// both, but <c>Content</c> changed its type from <c>IDictionary&lt;string, OpenApiMediaType&gt;</c> to
/// <c>IDictionary&lt;string, IOpenApiMediaType&gt;</c>, so a direct call compiled against one fails with
/// <see cref="MissingMethodException"/> on the other. The dictionary's value type is read from the loaded assembly.
/// </summary>
internal static class OpenApiContent
{
    private static readonly PropertyInfo s_responseContent = typeof(OpenApiResponse).GetProperty(nameof(OpenApiResponse.Content))!;
    private static readonly PropertyInfo s_requestBodyContent = typeof(IOpenApiRequestBody).GetProperty(nameof(IOpenApiRequestBody.Content))!;
    private static readonly Type s_responseContentType = typeof(Dictionary<,>).MakeGenericType(
        typeof(string), s_responseContent.PropertyType.GetGenericArguments()[1]);

    /// <summary>Sets a response's content, one media type per entry.</summary>
    public static void Set(OpenApiResponse response, IEnumerable<KeyValuePair<string, OpenApiMediaType>> content)
    {
        var dictionary = (IDictionary)Activator.CreateInstance(s_responseContentType, StringComparer.Ordinal)!;
        foreach (var (mediaType, value) in content)
        {
            dictionary[mediaType] = value;
        }

        s_responseContent.SetValue(response, dictionary);
    }

    /// <summary>The schemas of a request body's media types.</summary>
    public static IEnumerable<IOpenApiSchema?> RequestBodySchemas(IOpenApiRequestBody? body)
    {
        if (body is null || s_requestBodyContent.GetValue(body) is not IEnumerable content)
        {
            yield break;
        }

        foreach (var entry in content)
        {
            var media = entry.GetType().GetProperty("Value")!.GetValue(entry);
            yield return media?.GetType().GetProperty("Schema")?.GetValue(media) as IOpenApiSchema;
        }
    }
}
