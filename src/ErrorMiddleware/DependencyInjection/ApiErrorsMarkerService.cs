namespace ErrorMiddleware;

/// <summary>Registered by <c>AddApiErrors()</c> so that <c>UseApiErrors()</c> can tell it ran.</summary>
internal sealed class ApiErrorsMarkerService
{
}
