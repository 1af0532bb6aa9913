using ErrorMiddleware;
using SampleApi.Infrastructure;

namespace SampleApi.Endpoints;

/// <summary>
/// Billed endpoints refuse an account in arrears (<c>InArrears</c> in the <c>Accounts</c> section) with the Wanqing
/// document's row for it: 403 <c>Forbidden</c> "Customer:{CustomerId} is frozen, not allow to access action: {Action}"
/// (BusinessCode: 403000). Its key still authenticates: only billed actions are refused.
/// </summary>
internal sealed class BillingStandingFilter(SampleAccounts accounts) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (accounts.IsInArrears(http.User))
        {
            throw new ApiException(ErrorCodes.Wanqing.CustomerFrozen)
            {
                Details = new Dictionary<string, object?>
                {
                    ["CustomerId"] = SampleAccounts.AccountId(http.User),
                    ["Action"] = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? http.Request.Path.Value,
                },
            };
        }

        return next(context);
    }
}
