namespace ErrorMiddleware.Quota.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlQuotaService"/>.</summary>
public sealed class PostgreSqlQuotaOptions
{
    /// <summary>The Npgsql connection string of the ledger's database. Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The PostgreSQL schema holding the ledger's tables and functions (letters, digits and underscores, starting with a
    /// letter or an underscore). Default: <c>quota</c>.
    /// </summary>
    public string SchemaName { get; set; } = "quota";

    /// <summary>
    /// How long a freeze lives without being committed or released. A reservation whose instance died is given back by
    /// the next freeze or settlement on its account, or by the sweep, once this has passed; a commit that arrives later
    /// is refused. Make it longer than the slowest request. Default: 5 minutes.
    /// </summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the background sweep gives back lapsed reservations of accounts nobody touches; <see langword="null"/>
    /// turns the sweep off (lapsed reservations are then given back on the account's next use). Default: 30 seconds.
    /// </summary>
    public TimeSpan? SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one ledger call may run on the server before it is cancelled and answered 500001 (Npgsql's command
    /// timeout, in whole seconds, at least 1). Every call is one short function, so a call that takes longer means the
    /// database hangs: billed requests must not wait on it for Npgsql's default 30 s. Connecting is bounded separately
    /// by the connection string's <c>Timeout</c> (15 s by default). Default: 5 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>Retry-After</c> of the 500001 / <c>Service Unavailable</c> answered while the database cannot be reached.
    /// Default: 5 seconds.
    /// </summary>
    public TimeSpan RetryAfterWhenUnavailable { get; set; } = TimeSpan.FromSeconds(5);
}
