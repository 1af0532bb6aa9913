using System.Security.Claims;
using ErrorMiddleware;

namespace SampleApi.Infrastructure;

/// <summary>
/// The demo accounts of the <c>Accounts</c> configuration section: what each holds (seeds the
/// <see cref="InMemoryQuotaService"/>), its rate limit, whether it is an administrator and whether it is in arrears.
/// Every demo API key (section <c>ApiKeys</c>) belongs to one of these accounts.
/// </summary>
internal sealed class SampleAccounts
{
    private readonly Dictionary<string, Account> _accounts;
    private readonly int _defaultRequestsPerMinute;

    public SampleAccounts(IConfiguration configuration)
    {
        _defaultRequestsPerMinute = configuration.GetValue("RateLimiting:RequestsPerMinute", 120);
        _accounts = configuration.GetSection("Accounts").GetChildren().ToDictionary(
            section => section.Key,
            section => section.Get<Account>() ?? new Account(),
            StringComparer.Ordinal);
    }

    /// <summary>A quota service holding each account's balance and resource pack.</summary>
    public InMemoryQuotaService CreateQuotaService()
    {
        var quota = new InMemoryQuotaService();
        foreach (var (id, account) in _accounts)
        {
            quota.SetBalance(id, account.Balance, account.ResourcePack);
        }

        return quota;
    }

    /// <summary>Each demo account's initial balance and resource pack, to seed a shared ledger.</summary>
    public IEnumerable<(string AccountId, long Balance, long ResourcePack)> Seeds() =>
        _accounts.Select(pair => (pair.Key, pair.Value.Balance, pair.Value.ResourcePack));

    /// <summary>The fixed-window limit of the user's API key: the account's own, else <c>RateLimiting:RequestsPerMinute</c>.</summary>
    public int RequestsPerMinute(ClaimsPrincipal user) =>
        Find(user)?.RequestsPerMinute ?? _defaultRequestsPerMinute;

    public bool IsAdmin(ClaimsPrincipal user) => Find(user)?.Admin == true;

    public bool IsInArrears(ClaimsPrincipal user) => Find(user)?.InArrears == true;

    public static string? AccountId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    private Account? Find(ClaimsPrincipal user) =>
        AccountId(user) is { } id && _accounts.TryGetValue(id, out var account) ? account : null;

    private sealed class Account
    {
        public long Balance { get; init; }

        public long ResourcePack { get; init; }

        public int? RequestsPerMinute { get; init; }

        public bool Admin { get; init; }

        public bool InArrears { get; init; }
    }
}
