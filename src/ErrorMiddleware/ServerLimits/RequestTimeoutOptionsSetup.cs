using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErrorMiddleware;

/// <summary>
/// Makes the RequestTimeouts middleware answer 408 (its own default is 504) with the envelope, for the default policy
/// and every named policy that does not choose a status or a response writer itself.
/// </summary>
/// <remarks>
/// <para>
/// The named adapter over the framework's timeout response (ASP.NET Core 10): when a policy's timeout fires, the
/// middleware clears the response, sets the policy's status and calls <c>WriteTimeoutResponse</c> while
/// <c>RequestAborted</c> is still its own, cancelled, token; it restores the server's token when it returns. So the
/// library leaves <c>WriteTimeoutResponse</c> unset: the middleware answers with a body-less status, and
/// <c>UseApiErrors()</c> (which runs outside it) envelopes that status once the server's token is back, like any other
/// body-less error. Nothing on the <see cref="HttpContext"/> is swapped. The test
/// <c>RequestTimeouts_AspNetCore10_WritesTheTimeoutBodylessWithRequestAbortedCancelled</c> pins that behaviour.
/// </para>
/// <para>
/// With <see cref="ApiErrorsOptions.HandleBodylessStatusCodes"/> off, body-less statuses are not enveloped, so the
/// timeout writes its error itself; <see cref="ApiErrorsOptions.OnError"/> then sees the timed-out token.
/// Timeouts declared inline (<c>[RequestTimeout(milliseconds)]</c>, <c>WithRequestTimeout(TimeSpan)</c>) use no
/// policy: the middleware answers them with a body-less 504, which <c>UseApiErrors()</c> envelopes as a 504.
/// </para>
/// </remarks>
internal sealed class RequestTimeoutOptionsSetup(IOptions<ApiErrorsOptions> apiErrors) : IPostConfigureOptions<RequestTimeoutOptions>
{
    public void PostConfigure(string? name, RequestTimeoutOptions options)
    {
        var writeItself = !apiErrors.Value.HandleBodylessStatusCodes;
        if (options.DefaultPolicy is { } defaultPolicy)
        {
            options.DefaultPolicy = WithDefaults(defaultPolicy, writeItself);
        }

        foreach (var policyName in options.Policies.Keys.ToArray())
        {
            options.Policies[policyName] = WithDefaults(options.Policies[policyName], writeItself);
        }
    }

    private static RequestTimeoutPolicy WithDefaults(RequestTimeoutPolicy policy, bool writeItself) => new()
    {
        Timeout = policy.Timeout,
        TimeoutStatusCode = policy.TimeoutStatusCode ?? StatusCodes.Status408RequestTimeout,
        WriteTimeoutResponse = policy.WriteTimeoutResponse ?? (writeItself ? WriteTimeoutAsync : null),
    };

    private static Task WriteTimeoutAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<ErrorResponseWriter>().WriteAsync(context, ApiError.FromStatus(context.Response.StatusCode));
}
