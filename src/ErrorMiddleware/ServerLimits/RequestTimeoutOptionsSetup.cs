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
/// Timeouts declared inline (<c>[RequestTimeout(milliseconds)]</c>, <c>WithRequestTimeout(TimeSpan)</c>) use no policy:
/// the middleware answers them with a body-less 504, which <c>UseApiErrors()</c> envelopes as a 504.
/// </remarks>
internal sealed class RequestTimeoutOptionsSetup : IPostConfigureOptions<RequestTimeoutOptions>
{
    public void PostConfigure(string? name, RequestTimeoutOptions options)
    {
        if (options.DefaultPolicy is { } defaultPolicy)
        {
            options.DefaultPolicy = WithDefaults(defaultPolicy);
        }

        foreach (var policyName in options.Policies.Keys.ToArray())
        {
            options.Policies[policyName] = WithDefaults(options.Policies[policyName]);
        }
    }

    private static RequestTimeoutPolicy WithDefaults(RequestTimeoutPolicy policy) => new()
    {
        Timeout = policy.Timeout,
        TimeoutStatusCode = policy.TimeoutStatusCode ?? StatusCodes.Status408RequestTimeout,
        WriteTimeoutResponse = policy.WriteTimeoutResponse ?? WriteTimeoutAsync,
    };

    private static async Task WriteTimeoutAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var error = status == StatusCodes.Status408RequestTimeout ? new ApiError { Kind = ErrorKind.RequestTimeout } : ApiError.FromStatus(status);

        // The middleware writes the response while RequestAborted is still its own cancelled token (it restores the
        // server's token afterwards): the error must not be written with, or handed to callbacks as, a cancelled token.
        var timedOut = context.RequestAborted;
        context.RequestAborted = CancellationToken.None;
        try
        {
            await context.RequestServices.GetRequiredService<ErrorResponseWriter>().WriteAsync(context, error).ConfigureAwait(false);
        }
        finally
        {
            context.RequestAborted = timedOut;
        }
    }
}
