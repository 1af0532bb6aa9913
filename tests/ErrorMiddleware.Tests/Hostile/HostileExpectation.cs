namespace ErrorMiddleware.Tests.Hostile;

/// <summary>What a hostile request must get, per dialect.</summary>
internal sealed record HostileExpectation(HostileOutcome Outcome, int BusinessStatus, int BusinessCode, int WanqingStatus, string? WanqingCode)
{
    /// <summary>A documented error: BusinessCode (and ProblemDetails, which shares its rows) and Wanqing.</summary>
    public static HostileExpectation Error(int businessStatus, int businessCode, int wanqingStatus, string wanqingCode) =>
        new(HostileOutcome.Enveloped, businessStatus, businessCode, wanqingStatus, wanqingCode);

    /// <summary>The request is served normally (no error).</summary>
    public static HostileExpectation Served(int status = 200) => new(HostileOutcome.Served, status, 0, status, null);

    /// <summary>Kestrel rejects the request before any middleware runs: its own status, no envelope (documented as not promised).</summary>
    public static HostileExpectation ServerOwn(int status) => new(HostileOutcome.ServerOwnRejection, status, 0, status, null);

    public static readonly HostileExpectation BodyInvalid = Error(400, 100001, 400, "InvalidArgument.RequestBodyInvalid");
    public static readonly HostileExpectation BodyMissing = Error(400, 400005, 400, "InvalidArgument.RequestBodyInvalid");
    public static readonly HostileExpectation ValidationFailed = Error(400, 100002, 400, "InvalidArgument.RequestBodyInvalid");
    public static readonly HostileExpectation RequiredMissing = Error(400, 100002, 400, "InvalidArgument.MissingRequiredParameter");
    public static readonly HostileExpectation AuthMissing = Error(401, 401001, 401, "Unauthorized");
    public static readonly HostileExpectation AuthInvalid = Error(401, 401002, 400, "InvalidArgument.Authorization");
    public static readonly HostileExpectation KeyUnavailable = Error(401, 401002, 403, "Forbidden");
    public static readonly HostileExpectation TooLarge = Error(413, 413000, 413, "Payload Too Large");
    public static readonly HostileExpectation NotFound = Error(404, 404000, 404, "ResourceNotFound");
    public static readonly HostileExpectation MethodNotAllowed = Error(405, 405000, 405, "Method Not Allowed");
    public static readonly HostileExpectation UnsupportedMediaType = Error(415, 415000, 415, "Unsupported Media Type");

    public int StatusIn(ErrorDialect dialect) => dialect == ErrorDialect.Wanqing ? WanqingStatus : BusinessStatus;
}

/// <summary>How a hostile request is answered.</summary>
internal enum HostileOutcome
{
    /// <summary>The library writes its documented envelope.</summary>
    Enveloped,

    /// <summary>The app serves the request normally.</summary>
    Served,

    /// <summary>Kestrel answers before any middleware: not enveloped, documented as not promised.</summary>
    ServerOwnRejection,
}
