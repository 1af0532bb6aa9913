using System.Data;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace ErrorMiddleware.Quota.PostgreSql;

/// <summary>
/// An <see cref="IQuotaService"/> on a PostgreSQL ledger shared by every instance of the application. Freeze, commit
/// and release are one database call each (a function run in its own short transaction, holding the account's row lock),
/// so no interleaving of instances can overdraw an account. Every freeze is a lease: a reservation neither committed nor
/// released within <see cref="PostgreSqlQuotaOptions.ReservationTtl"/> (its instance died) is given back by the next call
/// on its account or by the sweep, and its late commit is refused and logged. Commit and release are idempotent.
/// </summary>
/// <remarks>
/// The outcomes are the in-memory service's: an unknown account, or one whose balance and resource pack are both 0, is
/// <see cref="QuotaFreezeStatus.NoBalance"/>; one whose total minus its frozen costs does not cover the cost is
/// <see cref="QuotaFreezeStatus.InsufficientBalance"/>. Frozen costs are charged to the resource pack first. While the
/// database cannot be reached, every call throws an <see cref="ApiException"/> of <see cref="ErrorKind.ServiceUnavailable"/> (500001, with
/// <c>Retry-After</c>); a freeze whose settlement failed that way lapses after its TTL, so it is never charged twice.
/// </remarks>
public sealed partial class PostgreSqlQuotaService : IQuotaService, IAsyncDisposable, IDisposable
{
    private const string ResourceName = "ErrorMiddleware.Quota.PostgreSql.Schema.sql";
    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlQuotaOptions _options;
    private readonly ILogger<PostgreSqlQuotaService> _logger;
    private readonly string _freezeSql;
    private readonly string _settleSql;
    private readonly string _sweepSql;
    private readonly string _setBalanceSql;
    private readonly string _ensureAccountSql;
    private readonly string _totalSql;
    private readonly string _availableSql;

    /// <summary>Creates the service, with its own connection pool on <see cref="PostgreSqlQuotaOptions.ConnectionString"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger.</param>
    public PostgreSqlQuotaService(IOptions<PostgreSqlQuotaOptions> options, ILogger<PostgreSqlQuotaService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            throw new ArgumentException("PostgreSqlQuotaOptions.ConnectionString is required.", nameof(options));
        }

        if (!IsValidSchemaName(_options.SchemaName))
        {
            throw new ArgumentException($"The schema name '{_options.SchemaName}' is not a plain identifier (letters, digits, underscores).", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ReservationTtl, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.CommandTimeout, TimeSpan.FromSeconds(1), nameof(options));
        var connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString)
        {
            CommandTimeout = (int)Math.Ceiling(_options.CommandTimeout.TotalSeconds),
        };
        _dataSource = new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
        var s = _options.SchemaName;
        _freezeSql = $"SELECT {s}.freeze($1, $2, $3, $4, $5)";
        _settleSql = $"SELECT {s}.settle($1, $2)";
        _sweepSql = $"SELECT {s}.sweep($1)";
        _setBalanceSql = $"SELECT {s}.set_balance($1, $2, $3)";
        _ensureAccountSql = $"INSERT INTO {s}.accounts (account_id, balance, resource_pack) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO NOTHING";
        _totalSql = $"SELECT balance + resource_pack FROM {s}.accounts WHERE account_id = $1";
        _availableSql = $"""
            SELECT a.balance + a.resource_pack - a.frozen
                 + COALESCE((SELECT sum(r.cost) FROM {s}.reservations r WHERE r.account_id = a.account_id AND r.state = 0 AND r.expires_at <= now()), 0)
            FROM {s}.accounts a WHERE a.account_id = $1
            """;
    }

    /// <summary>The schema script (<c>Schema.sql</c>, shipped in this package) with its <c>{schema}</c> placeholder filled in.</summary>
    /// <param name="schemaName">The schema name (letters, digits, underscores).</param>
    /// <returns>The SQL script; every statement in it is idempotent.</returns>
    public static string GetSchemaScript(string schemaName = "quota")
    {
        if (!IsValidSchemaName(schemaName))
        {
            throw new ArgumentException($"The schema name '{schemaName}' is not a plain identifier (letters, digits, underscores).", nameof(schemaName));
        }

        using var stream = typeof(PostgreSqlQuotaService).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("{schema}", schemaName, StringComparison.Ordinal);
    }

    /// <summary>
    /// Creates the ledger's schema, tables and functions if they are missing (opt-in: call it at startup, or run the
    /// script of <see cref="GetSchemaScript"/> once). Safe to run from several instances at once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the schema exists.</returns>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var script = GetSchemaScript(_options.SchemaName);
        await RunAsync(
            async token =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('ErrorMiddleware.Quota.PostgreSql'))", connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await using (var command = new NpgsqlCommand(script, connection, transaction) { CommandTimeout = 0 })
                {
                    await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                await transaction.CommitAsync(token).ConfigureAwait(false);
                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets what an account holds, creating it if needed (its frozen costs are kept). The ledger's invariant is
    /// balance + resource pack &#8805; frozen: a new total below what the account's live reservations hold is refused, since
    /// their commits could not be charged.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">The balance.</param>
    /// <param name="resourcePack">The units left in the account's resource pack.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the account is saved.</returns>
    /// <exception cref="InvalidOperationException">The new total is below the account's frozen costs; nothing was changed.</exception>
    public async Task SetBalanceAsync(string accountId, long balance, long resourcePack = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(resourcePack);
        var frozen = await ScalarAsync<long>(_setBalanceSql, [Text(accountId), BigInt(balance), BigInt(resourcePack)], cancellationToken).ConfigureAwait(false);
        if (frozen >= 0)
        {
            throw new InvalidOperationException(
                $"The account '{accountId}' has {frozen} frozen by live reservations: its balance plus resource pack cannot be set below that ({balance + resourcePack}).");
        }
    }

    /// <summary>
    /// Creates the account with these amounts unless it exists (an existing account is left as it is): seeding from several
    /// instances at once, or again after a restart, never resets a balance the fleet has been spending.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="balance">The initial balance.</param>
    /// <param name="resourcePack">The initial units of the account's resource pack.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the account was created.</returns>
    public async Task<bool> EnsureAccountAsync(string accountId, long balance, long resourcePack = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentOutOfRangeException.ThrowIfNegative(balance);
        ArgumentOutOfRangeException.ThrowIfNegative(resourcePack);
        return await RunAsync(
            async token =>
            {
                await using var command = _dataSource.CreateCommand(_ensureAccountSql);
                command.Parameters.AddRange(new[] { Text(accountId), BigInt(balance), BigInt(resourcePack) });
                return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the account holds, frozen costs included (balance plus resource pack); 0 for an unknown account.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The total.</returns>
    public async Task<long> GetTotalAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return await ScalarAsync<long?>(_totalSql, [Text(accountId)], cancellationToken).ConfigureAwait(false) ?? 0;
    }

    /// <summary>What the account can still freeze (the total minus live frozen costs); 0 for an unknown account.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The available amount.</returns>
    public async Task<long> GetAvailableAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        return await ScalarAsync<long?>(_availableSql, [Text(accountId)], cancellationToken).ConfigureAwait(false) ?? 0;
    }

    /// <summary>Gives back the lapsed reservations of up to 1000 accounts (the background sweep calls it).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of accounts whose lapsed reservations were given back.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default) =>
        await ScalarAsync<int>(_sweepSql, [new NpgsqlParameter { Value = 1000, NpgsqlDbType = NpgsqlDbType.Integer }], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<QuotaFreezeResult> FreezeAsync(QuotaFreezeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(context.Cost);
        if (context.AccountId is not { Length: > 0 } accountId)
        {
            return QuotaFreezeResult.NoBalance();
        }

        var id = Guid.CreateVersion7();
        var outcome = await ScalarAsync<short>(
            _freezeSql,
            [
                Text(accountId),
                BigInt(context.Cost),
                new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid },
                Text(context.Action),
                new NpgsqlParameter { Value = _options.ReservationTtl, NpgsqlDbType = NpgsqlDbType.Interval },
            ],
            cancellationToken).ConfigureAwait(false);

        return outcome switch
        {
            0 => QuotaFreezeResult.Frozen(new QuotaReservation { Id = id.ToString("D", CultureInfo.InvariantCulture), AccountId = accountId, Cost = context.Cost }),
            1 => QuotaFreezeResult.InsufficientBalance(),
            _ => QuotaFreezeResult.NoBalance(),
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// A commit already made is not made again. A commit of a released reservation, or of one that lapsed (its TTL passed),
    /// is refused and logged as a warning: nothing is charged.
    /// </remarks>
    public async ValueTask CommitAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        switch (await SettleAsync(reservation, commit: true, cancellationToken).ConfigureAwait(false))
        {
            case SettleOutcome.Committed:
                PostgreSqlQuotaLog.AlreadySettled(_logger, reservation.Id, "committed");
                break;
            case SettleOutcome.Released:
                PostgreSqlQuotaLog.CommitAfterReleaseRefused(_logger, reservation.Id, reservation.AccountId);
                break;
            case SettleOutcome.Lapsed:
                PostgreSqlQuotaLog.LateCommitRefused(_logger, reservation.Id, reservation.AccountId);
                break;
        }
    }

    /// <inheritdoc />
    /// <remarks>A release already made, or of a reservation that lapsed, does nothing; a release of a committed one is refused and logged.</remarks>
    public async ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken cancellationToken)
    {
        switch (await SettleAsync(reservation, commit: false, cancellationToken).ConfigureAwait(false))
        {
            case SettleOutcome.Committed:
                PostgreSqlQuotaLog.ReleaseAfterCommitRefused(_logger, reservation.Id, reservation.AccountId);
                break;
            case SettleOutcome.Released:
                PostgreSqlQuotaLog.AlreadySettled(_logger, reservation.Id, "released");
                break;
            case SettleOutcome.Lapsed:
                PostgreSqlQuotaLog.AlreadySettled(_logger, reservation.Id, "lapsed");
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal static bool IsValidSchemaName(string? name) => name is { Length: > 0 and <= 63 } && SchemaNamePattern().IsMatch(name);

    private async Task<SettleOutcome> SettleAsync(QuotaReservation reservation, bool commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!Guid.TryParse(reservation.Id, out var id))
        {
            PostgreSqlQuotaLog.UnknownReservation(_logger, reservation.Id, reservation.AccountId);
            return SettleOutcome.Unknown;
        }

        var outcome = (SettleOutcome)await ScalarAsync<short>(
            _settleSql,
            [new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Uuid }, new NpgsqlParameter { Value = commit, NpgsqlDbType = NpgsqlDbType.Boolean }],
            cancellationToken).ConfigureAwait(false);
        if (outcome == SettleOutcome.Unknown)
        {
            PostgreSqlQuotaLog.UnknownReservation(_logger, reservation.Id, reservation.AccountId);
        }

        return outcome;
    }

    /// <summary>
    /// Runs one ledger function in a READ COMMITTED transaction of its own, whatever the database's
    /// <c>default_transaction_isolation</c>: the functions lock the account's row and re-read it, which a higher isolation
    /// level turns into serialization failures. A serialization failure or deadlock (40001, 40P01) is retried with the
    /// same arguments (a freeze keeps its id) up to <see cref="MaxAttempts"/> times before it counts as unavailable.
    /// </summary>
    private Task<T?> ScalarAsync<T>(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        RunAsync(
            async token =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, token).ConfigureAwait(false);
                        await using var command = new NpgsqlCommand(sql, connection, transaction);
                        command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
                        var value = await command.ExecuteScalarAsync(token).ConfigureAwait(false);
                        await transaction.CommitAsync(token).ConfigureAwait(false);
                        return value is null or DBNull ? default : (T?)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
                    }
                    catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
                    {
                        PostgreSqlQuotaLog.Retrying(_logger, ex.SqlState, attempt);
                    }
                }
            },
            cancellationToken);

    /// <summary>Runs one database call; an unreachable or restarting database becomes 500001 with Retry-After.</summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
        {
            PostgreSqlQuotaLog.LedgerUnavailable(_logger, ex);
            throw new ApiException(ErrorKind.ServiceUnavailable, null, ex) { RetryAfter = _options.RetryAfterWhenUnavailable };
        }
    }

    private static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        _ => false,
    };

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter BigInt(long value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaNamePattern();

    /// <summary>What <c>settle()</c> found: the reservation's state before the call.</summary>
    private enum SettleOutcome : short
    {
        Settled = 0,
        Committed = 1,
        Released = 2,
        Lapsed = 3,
        Unknown = 4,
    }
}
