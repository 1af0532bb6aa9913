using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace ErrorMiddleware;

/// <summary>
/// A validation failure returned instead of thrown (<see cref="ApiResults.ValidationFailed(IReadOnlyList{FieldError}, string?)"/>): writes what <see cref="ValidationFailedException"/> writes. As the return type
/// of an endpoint (or a member of its <c>Results&lt;...&gt;</c> union) it documents <see cref="ErrorKind.ValidationFailed"/> in the
/// OpenAPI document, with the status and body of each dialect.
/// </summary>
public sealed class ValidationFailedHttpResult : ApiErrorHttpResult, IEndpointMetadataProvider
{
    internal ValidationFailedHttpResult(ApiError error)
        : base(error)
    {
    }

    /// <summary>Adds the failure to the endpoint's metadata for the OpenAPI integration.</summary>
    /// <param name="method">The endpoint's handler.</param>
    /// <param name="builder">The endpoint's builder.</param>
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ApiErrorResponseMetadata(ErrorKind.ValidationFailed));
    }
}
