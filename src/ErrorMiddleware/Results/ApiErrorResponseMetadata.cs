namespace ErrorMiddleware;

/// <summary>
/// Endpoint metadata added by the typed error results (<see cref="QuotaExceededHttpResult"/>, ...) when an endpoint
/// declares one as its return type: the OpenAPI integration documents that failure, in each dialect, for the operation.
/// </summary>
internal sealed class ApiErrorResponseMetadata(ErrorKind kind)
{
    public ErrorKind Kind { get; } = kind;
}
