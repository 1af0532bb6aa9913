namespace ErrorMiddleware;

/// <summary>A request feature: MVC's form value provider found the body over a limit; <see cref="Error"/> is the 413 to write.</summary>
internal sealed class FormLimitExceeded(ApiError error)
{
    public ApiError Error { get; } = error;
}
