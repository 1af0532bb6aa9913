using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErrorMiddleware;

/// <summary>
/// Registers the links of the exception-classification chain that belong to no integration folder: the
/// <see cref="ApiException"/> base, the request's JSON body, the database and the HTTP client. Binding and
/// FluentValidation register theirs in <see cref="ApiValidationServices"/>, server and form limits in
/// <see cref="ServerLimitServices"/>.
/// </summary>
internal static class ExceptionClassificationServices
{
    public static void Add(IServiceCollection services)
    {
        Add<ApiExceptionMapper>(services);
        Add<RequestJsonExceptionMapper>(services);
        Add<RequestJsonMediaTypeExceptionMapper>(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionMapper>(new ExceptionTypeMapper<DbException>(ErrorKind.DatabaseError)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionMapper>(new ExceptionTypeMapper<HttpRequestException>(ErrorKind.UpstreamError)));
    }

    /// <summary>Adds one link (once, however often <c>AddApiErrors()</c> runs).</summary>
    public static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TMapper>(IServiceCollection services)
        where TMapper : class, IExceptionMapper =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionMapper, TMapper>());
}
