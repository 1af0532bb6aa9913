using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ErrorMiddleware;

/// <summary>
/// Clears what the application put on a response before an error replaces it, keeping the headers a client still
/// needs to read the error: CORS (<c>Access-Control-*</c>) and <see cref="ApiErrorsOptions.AllowedHeaderNames"/>.
/// </summary>
internal static class ResponseHygiene
{
    public static void Clear(HttpResponse response, ISet<string> allowedHeaderNames)
    {
        List<KeyValuePair<string, StringValues>>? kept = null;
        foreach (var header in response.Headers)
        {
            if (header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || allowedHeaderNames.Contains(header.Key))
            {
                (kept ??= []).Add(header);
            }
        }

        response.Clear();
        if (kept is not null)
        {
            foreach (var (name, value) in kept)
            {
                response.Headers[name] = value;
            }
        }
    }

    public static void TryClear(HttpResponse response, ISet<string> allowedHeaderNames)
    {
        try
        {
            Clear(response, allowedHeaderNames);
        }
        catch (InvalidOperationException)
        {
            // Already started: the caller's HasStarted check lost a race; nothing else can be cleared.
        }
    }
}
