using System.Collections.Concurrent;
using System.Globalization;

namespace ErrorMiddleware;

/// <summary>
/// The default <see cref="IQuotaService"/>: balances and resource packs held in memory, one lock per account, so
/// concurrent requests on one account never overdraw it. Frozen costs are taken from the resource pack first, then
/// from the balance. Unknown and anonymous accounts have no balance and no resource pack.
/// </summary>
public sealed class InMemoryQuotaService : IQuotaService
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Account> _pending = new(StringComparer.Ordinal);
    private long _nextReservation;

    /// <summary>Sets what an account holds (frozen costs are kept).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">The balance.</param>
    /// <param name="resourcePack">The units left in the account's resource pack.</param>
    /// <returns>This service.</returns>
    public InMemoryQuotaService SetBalance(string accountId, long balance, long resourcePack = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(resourcePack);
        var account = _accounts.GetOrAdd(accountId, static _ => new Account());
        lock (account)
        {
            account.Balance = balance;
            account.ResourcePack = resourcePack;
        }

        return this;
    }

    /// <summary>What the account holds, frozen costs included (balance plus resource pack); 0 for an unknown account.</summary>
    /// <param name="accountId">The account.</param>
    /// <returns>The total.</returns>
    public long GetTotal(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!_accounts.TryGetValue(accountId, out var account))
        {
            return 0;
        }

        lock (account)
        {
            return account.Balance + account.ResourcePack;
        }
    }

    /// <summary>What the account can still freeze (the total minus frozen costs); 0 for an unknown account.</summary>
    /// <param name="accountId">The account.</param>
    /// <returns>The available amount.</returns>
    public long GetAvailable(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (!_accounts.TryGetValue(accountId, out var account))
        {
            return 0;
        }

        lock (account)
        {
            return account.Balance + account.ResourcePack - account.Frozen;
        }
    }

    /// <inheritdoc />
    public ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(context.Cost);
        if (context.AccountId is not { Length: > 0 } accountId || !_accounts.TryGetValue(accountId, out var account))
        {
            return ValueTask.FromResult(QuotaFreezeResult.NoBalance());
        }

        lock (account)
        {
            var total = account.Balance + account.ResourcePack;
            if (total == 0)
            {
                return ValueTask.FromResult(QuotaFreezeResult.NoBalance());
            }

            if (total - account.Frozen < context.Cost)
            {
                return ValueTask.FromResult(QuotaFreezeResult.InsufficientBalance());
            }

            account.Frozen += context.Cost;
        }

        var id = Interlocked.Increment(ref _nextReservation).ToString(CultureInfo.InvariantCulture);
        _pending[id] = account;
        return ValueTask.FromResult(QuotaFreezeResult.Frozen(new QuotaReservation { Id = id, AccountId = accountId, Cost = context.Cost }));
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        var account = Take(reservation);
        lock (account)
        {
            account.Frozen -= reservation.Cost;
            var fromPack = Math.Min(account.ResourcePack, reservation.Cost);
            account.ResourcePack -= fromPack;
            account.Balance -= reservation.Cost - fromPack;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        var account = Take(reservation);
        lock (account)
        {
            account.Frozen -= reservation.Cost;
        }

        return ValueTask.CompletedTask;
    }

    private Account Take(QuotaReservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!_pending.TryRemove(reservation.Id, out var account))
        {
            throw new InvalidOperationException($"The quota reservation '{reservation.Id}' is unknown or was already committed or released.");
        }

        return account;
    }

    private sealed class Account
    {
        public long Balance;
        public long ResourcePack;
        public long Frozen;
    }
}
