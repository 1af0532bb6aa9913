using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>The minimal-API adapter of <see cref="QuotaGate"/>.</summary>
internal static class QuotaEndpointFilter
{
    public static ValueTask<object?> InvokeAsync(QuotaGate gate, EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        gate.RunAsync(context.HttpContext, (next, context), static state => state.next(state.context), static result => ResultStatus(result));

    private static int? ResultStatus(object? result) => result switch
    {
        ApiErrorResult => StatusCodes.Status500InternalServerError,
        IStatusCodeHttpResult statusResult => statusResult.StatusCode,
        _ => null,
    };
}
