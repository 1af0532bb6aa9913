namespace ErrorMiddleware.Tests.Hostile;

/// <summary>
/// One row of the hostile-input corpus: a request built under a dialect's route prefix and what it must get.
/// <see cref="Secret"/> must never appear in the response; <see cref="ClientRequestId"/> must not become the request id.
/// When <see cref="DefaultDialect"/> is set the request leaves every prefix (a normalised <c>../</c>), so the answer is
/// in the app's default dialect whatever the row's dialect.
/// </summary>
internal sealed record HostileCase(string Category, string Name, Func<string, HostileRequest> Request, HostileExpectation Expected)
{
    public string? Secret { get; init; }

    public string? ClientRequestId { get; init; }

    public bool DefaultDialect { get; init; }

    public string Id => Category + "/" + Name;

    public override string ToString() => Id;
}
