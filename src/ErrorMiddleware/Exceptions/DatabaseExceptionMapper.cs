using System.Data.Common;
using Microsoft.AspNetCore.Http;

namespace ErrorMiddleware;

/// <summary>The chain's link for ADO.NET providers: a <see cref="DbException"/> is <see cref="ErrorKind.DatabaseError"/>.</summary>
internal sealed class DatabaseExceptionMapper : IExceptionMapper
{
    public int Order => ExceptionMapperOrder.Default;

    public ApiError? TryMap(Exception exception, HttpContext? context) =>
        exception is DbException ? new ApiError { Kind = ErrorKind.DatabaseError, Exception = exception } : null;
}
