using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>
/// The chain's link for an integration whose every exception of one type is one failure: ADO.NET providers'
/// <see cref="System.Data.Common.DbException"/> is <see cref="ErrorKind.DatabaseError"/>, <see cref="HttpClient"/>'s
/// <see cref="HttpRequestException"/> is <see cref="ErrorKind.UpstreamError"/>.
/// </summary>
/// <typeparam name="TException">The exception type (subclasses included).</typeparam>
internal sealed class ExceptionTypeMapper<TException>(ErrorKind kind) : IExceptionMapper
    where TException : Exception
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is TException ? new ApiError { Kind = kind, Exception = exception } : null;
}
