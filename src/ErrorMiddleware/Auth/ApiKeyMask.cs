using System.Text;

namespace ErrorMiddleware;

/// <summary>Masks an API key before it goes into a message: the first three and last four characters survive.</summary>
internal static class ApiKeyMask
{
    public static string Mask(string apiKey)
    {
        if (apiKey.Length <= 8)
        {
            return "****";
        }

        var builder = new StringBuilder(11);
        Append(builder, apiKey.AsSpan(0, 3));
        builder.Append("****");
        Append(builder, apiKey.AsSpan(apiKey.Length - 4));
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            // Only printable ASCII leaves the request header; anything else is not echoed.
            builder.Append(c is >= '!' and <= '~' ? c : '?');
        }
    }
}
