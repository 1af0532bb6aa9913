namespace ErrorMiddleware;

/// <summary>
/// A failure described independently of any dialect. Each kind resolves to one documented
/// <see cref="ErrorCode"/> per dialect (see <see cref="ErrorCodes.For(ErrorKind, ErrorDialect)"/>).
/// </summary>
public enum ErrorKind
{
    /// <summary>Not a failure: the success row of a catalog, or an informational row.</summary>
    None = 0,

    /// <summary>The body does not parse, model binding failed, or a value has the wrong JSON type.</summary>
    RequestBodyInvalid,

    /// <summary>A required request body (or authentication information) is missing.</summary>
    RequestBodyMissing,

    /// <summary>Validation: a required field is missing.</summary>
    RequiredParameterMissing,

    /// <summary>Validation: any other rule failed.</summary>
    ValidationFailed,

    /// <summary>No credentials were sent.</summary>
    AuthenticationMissing,

    /// <summary>The credentials sent are invalid.</summary>
    AuthenticationInvalid,

    /// <summary>The credentials sent have been disabled or deleted.</summary>
    CredentialsUnavailable,

    /// <summary>The user information sent is invalid.</summary>
    UserInfoInvalid,

    /// <summary>Access to the resource is denied.</summary>
    Forbidden,

    /// <summary>The account is frozen.</summary>
    AccountFrozen,

    /// <summary>The quota or balance is exhausted (a quota freeze failed).</summary>
    QuotaExceeded,

    /// <summary>The account has no balance and no resource pack.</summary>
    NoBalance,

    /// <summary>The route or resource does not exist.</summary>
    NotFound,

    /// <summary>The request path has an invalid format.</summary>
    InvalidPathFormat,

    /// <summary>The API version in the path is invalid.</summary>
    InvalidVersion,

    /// <summary>The module name in the path is invalid.</summary>
    InvalidModule,

    /// <summary>A key routing parameter (such as the Action) is missing.</summary>
    MissingAction,

    /// <summary>The inference endpoint requested has been stopped.</summary>
    EndpointStopped,

    /// <summary>The HTTP method is not allowed on the route.</summary>
    MethodNotAllowed,

    /// <summary>The request's media type is not supported.</summary>
    UnsupportedMediaType,

    /// <summary>The request body exceeds the size limit.</summary>
    PayloadTooLarge,

    /// <summary>The request timed out.</summary>
    RequestTimeout,

    /// <summary>A rate limiter rejected the request.</summary>
    RateLimited,

    /// <summary>The server is overloaded (a concurrency limiter rejected the request).</summary>
    ServerBusy,

    /// <summary>The service is unavailable.</summary>
    ServiceUnavailable,

    /// <summary>A database call failed.</summary>
    DatabaseError,

    /// <summary>An upstream or proxied call failed.</summary>
    UpstreamError,

    /// <summary>An asynchronous task could not be created.</summary>
    TaskCreationFailed,

    /// <summary>Any other server fault.</summary>
    InternalError,

    /// <summary>The client closed the connection; nothing is written.</summary>
    ClientClosedRequest,

    /// <summary>The connection between client and server broke before any content was returned.</summary>
    ConnectionInterrupted,

    /// <summary>An application-defined code that belongs to no portable kind.</summary>
    Custom,
}
