using ErrorMiddleware;

namespace SampleApi.Endpoints;

// Replaced by the library's API-key handler/quota/rate limiter at merge.
// The simplest honest stand-in: an endpoint filter that checks the demo keys and throws the library's exceptions,
// so the errors leave through the same funnel as they will once the real handlers exist.

/// <summary>
/// The demo API keys of the <c>/v1</c> group (the contract of <c>tests/OpenAiClient</c>):
/// <c>sk-demo-valid</c> works; <c>sk-demo-ratelimited</c> works once per minute; <c>sk-demo-broke</c> has no
/// balance; anything else is not a key; no <c>Authorization</c> header means no credentials.
/// </summary>
internal sealed class DemoAccess(TimeProvider time) : IEndpointFilter
{
    public const string ValidKey = "sk-demo-valid";
    public const string RateLimitedKey = "sk-demo-ratelimited";
    public const string BrokeKey = "sk-demo-broke";

    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);
    private const int PermitsPerWindow = 1;

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _used;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = BearerKey(context.HttpContext.Request.Headers.Authorization.ToString());
        if (key is null)
        {
            throw new AuthenticationMissingException();
        }

        if (key is not (ValidKey or RateLimitedKey or BrokeKey))
        {
            throw new AuthenticationFailedException();
        }

        if (key == BrokeKey)
        {
            throw new QuotaExceededException();
        }

        if (key == RateLimitedKey && TryAcquire() is { } retryAfter)
        {
            throw new RateLimitExceededException(retryAfter);
        }

        return await next(context);
    }

    private static string? BearerKey(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return header.Length == 0 ? null : header;
        }

        var key = header[Scheme.Length..].Trim();
        return key.Length == 0 ? null : key;
    }

    /// <summary>A fixed window per minute: <see langword="null"/> when a permit was taken, else the time until the next window.</summary>
    private TimeSpan? TryAcquire()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= s_window)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used < PermitsPerWindow)
            {
                _used++;
                return null;
            }

            return _windowStart + s_window - now;
        }
    }
}
