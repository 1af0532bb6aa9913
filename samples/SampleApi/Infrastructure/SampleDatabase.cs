using Microsoft.Data.Sqlite;

namespace SampleApi.Infrastructure;

/// <summary>
/// The sample's database: an in-memory SQLite database (Microsoft.Data.Sqlite) that lives as long as the app.
/// It is created with its <c>schema_version</c> table only: the <c>task_events</c> and <c>usage</c> tables belong
/// to a migration the demo never runs, so the routes reading them meet a real <see cref="SqliteException"/>
/// ("no such table"), which is a <see cref="System.Data.Common.DbException"/>: 500002 / 500 <c>InternalServerError</c>.
/// </summary>
public sealed class SampleDatabase : IDisposable
{
    private readonly SqliteConnection _keepAlive;
    private readonly string _connectionString;

    public SampleDatabase()
    {
        // A named shared-cache in-memory database exists while one connection to it is open.
        _connectionString = $"Data Source=sample-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();
        using var create = _keepAlive.CreateCommand();
        create.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);";
        create.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns its rows as column name → value.</summary>
    public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => _keepAlive.Dispose();
}
