using ErrorMiddleware;

namespace SampleApi.Tasks;

/// <summary>
/// The BusinessCode document's success envelope, <c>{"code":0,"msg":"Success","data":{...}}</c>, built from the
/// catalog's own row (<see cref="ErrorCodes.Business.Success"/>). Errors never pass through here: they are thrown.
/// </summary>
internal sealed record ApiResponse<T>(int Code, string Msg, T Data);

internal static class ApiResponse
{
    public static ApiResponse<T> Success<T>(T data) =>
        new(ErrorCodes.Business.Success.NumericCode ?? 0, ErrorCodes.Business.Success.Message, data);
}
