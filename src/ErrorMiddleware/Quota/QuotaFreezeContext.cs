using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>What <see cref="IQuotaService.FreezeAsync"/> is asked to freeze.</summary>
public sealed class QuotaFreezeContext
{
    /// <summary>The request.</summary>
    public required HttpContext HttpContext { get; init; }

    /// <summary>
    /// The account to charge: the authenticated user's <c>NameIdentifier</c> claim (the owner of an API key), else its
    /// name; <see langword="null"/> for an anonymous request.
    /// </summary>
    public required string? AccountId { get; init; }

    /// <summary>The cost declared by the endpoint (<see cref="RequireQuotaAttribute.Cost"/>).</summary>
    public required long Cost { get; init; }

    /// <summary>The action charged: the endpoint name, else its route pattern, else the request path.</summary>
    public required string Action { get; init; }
}
