using ErrorMiddleware;

namespace SampleApi.Infrastructure;

/// <summary>
/// The modules listed in the <c>Maintenance</c> configuration section are down for maintenance: their routes answer
/// 500001 / 503 <c>Service Unavailable</c> with a <c>Retry-After</c>.
/// </summary>
public sealed class Maintenance(IConfiguration configuration)
{
    private static readonly TimeSpan s_retryAfter = TimeSpan.FromMinutes(5);

    private readonly HashSet<string> _modules = new(configuration.GetSection("Maintenance").Get<string[]>() ?? [], StringComparer.Ordinal);

    /// <exception cref="ApiException">The module is down for maintenance.</exception>
    public void EnsureAvailable(string module)
    {
        if (_modules.Contains(module))
        {
            throw new ApiException(ErrorKind.ServiceUnavailable, $"The {module} service is down for maintenance.") { RetryAfter = s_retryAfter };
        }
    }
}
