namespace ErrorMiddleware;

/// <content>The rows of the Wanqing document.</content>
public static partial class ErrorCodes
{
    /// <summary>The rows of the Wanqing document (both its tables), verbatim, plus the derived rows.</summary>
    public static class Wanqing
    {
        /// <summary>400 InvalidArgument.MissingRequiredParameter — "The xxx parameter is required."</summary>
        public static readonly ErrorCode MissingRequiredParameter = Row(ErrorKind.RequiredParameterMissing, 400, "InvalidArgument.MissingRequiredParameter", "The xxx parameter is required.", "缺少必要的参数。");
        /// <summary>400 InvalidArgument.RequestBodyInvalid.</summary>
        public static readonly ErrorCode RequestBodyInvalid = Row(ErrorKind.RequestBodyInvalid, 400, "InvalidArgument.RequestBodyInvalid", "Invalid request body format, please check the request body format.", "参数格式错误。", also: [ErrorKind.RequestBodyMissing, ErrorKind.ValidationFailed], statusDefault: true);
        /// <summary>400 InvalidEndpoint.StoppedEndpoint.</summary>
        public static readonly ErrorCode StoppedEndpoint = Row(ErrorKind.EndpointStopped, 400, "InvalidEndpoint.StoppedEndpoint", "The requested endpoint has been stopped and is currently unavailable.", "请求已停止的推理点。");
        /// <summary>400 InvalidArgument.Authorization — "The provided API key is invalid."</summary>
        public static readonly ErrorCode InvalidAuthorization = Row(ErrorKind.AuthenticationInvalid, 400, "InvalidArgument.Authorization", "The provided API key is invalid.", "非法的 API Key。");
        /// <summary>400 InvalidArgument.UserInfoError.</summary>
        public static readonly ErrorCode UserInfoError = Row(ErrorKind.UserInfoInvalid, 400, "InvalidArgument.UserInfoError", "The userInfo is invalid.", "非法的用户信息。");
        /// <summary>403 Forbidden.InsufficientBalance.</summary>
        public static readonly ErrorCode InsufficientBalance = Row(ErrorKind.QuotaExceeded, 403, "Forbidden.InsufficientBalance", "The balance is insufficient.", "账号余额不足。");
        /// <summary>403 Forbidden.Frozen.</summary>
        public static readonly ErrorCode Frozen = Row(ErrorKind.AccountFrozen, 403, "Forbidden.Frozen", "User has been frozen.", "账号被冻结。");
        /// <summary>403 Forbidden — "The request was denied by the server."</summary>
        public static readonly ErrorCode Forbidden = Row(ErrorKind.Forbidden, 403, "Forbidden", "The request was denied by the server.", "请求无权限。", statusDefault: true);
        /// <summary>403 UnaccessibleUser — no balance and no resource pack.</summary>
        public static readonly ErrorCode UnaccessibleUser = Row(ErrorKind.NoBalance, 403, "UnaccessibleUser", "Request was rejected due to reason: user is not allowed to access, reason: CustomerId:{CustomerId},Action:{Action},No balance and no resource pack, limit request", "推理场景账号无余额及信用额度请求限制。");
        /// <summary>404 ResourceNotFound.</summary>
        public static readonly ErrorCode ResourceNotFound = Row(ErrorKind.NotFound, 404, "ResourceNotFound", "Resource not found.", "资源不存在", also: [ErrorKind.InvalidPathFormat, ErrorKind.InvalidVersion, ErrorKind.InvalidModule], statusDefault: true);
        /// <summary>408 "Request Timeou" (the document's spelling).</summary>
        public static readonly ErrorCode RequestTimeout = Row(ErrorKind.RequestTimeout, 408, "Request Timeou", "Request Timeout", "服务器等待超时", statusDefault: true);
        /// <summary>413 Payload Too Large.</summary>
        public static readonly ErrorCode PayloadTooLarge = Row(ErrorKind.PayloadTooLarge, 413, "Payload Too Large", "Payload Too Large", "负载过大,请求实体过大", statusDefault: true);
        /// <summary>429 TooManyRequests.</summary>
        public static readonly ErrorCode TooManyRequests = Row(ErrorKind.RateLimited, 429, "TooManyRequests", "Too many requests.", "请求限流。", statusDefault: true);
        /// <summary>500 InternalServerError.</summary>
        public static readonly ErrorCode InternalServerError = Row(ErrorKind.InternalError, 500, "InternalServerError", "The request processing has failed due to some unknown error.", "服务器错误,请提交工单联系平台处理。", statusDefault: true);
        /// <summary>502 Bad Gateway.</summary>
        public static readonly ErrorCode BadGateway = Row(ErrorKind.UpstreamError, 502, "Bad Gateway", "Bad Gateway", "错误网关,服务器作为网关或代理收到无效响应", statusDefault: true);
        /// <summary>503 Service Unavailable.</summary>
        public static readonly ErrorCode ServiceUnavailable = Row(ErrorKind.ServiceUnavailable, 503, "Service Unavailable", "Service Unavailable", "内部服务器错误,服务器遇到意外情况", also: [ErrorKind.ServerBusy], statusDefault: true);
        /// <summary>0 "Error Unknown downstream_remote_disconnect" — the connection broke before the model returned anything (never written by the library).</summary>
        public static readonly ErrorCode DownstreamRemoteDisconnect = Row(ErrorKind.ConnectionInterrupted, 0, "Error Unknown downstream_remote_disconnect", "Error Unknown downstream_remote_disconnect", "客户端与服务器连接中断,此情况模型没有返回内容", primary: false);
        /// <summary>200 "ClientClosedRequest downstream_remote_disconnect" — the client disconnected (never written; logged as 499).</summary>
        public static readonly ErrorCode ClientClosedRequest = Row(ErrorKind.ClientClosedRequest, 200, "ClientClosedRequest downstream_remote_disconnect", "ClientClosedRequest downstream_remote_disconnect", "客户端主动断开连接,模型正常返回结果,但终端不会再收到", primary: false);
        /// <summary>400 InvalidArgument — "Missing Action parameter" (public error table).</summary>
        public static readonly ErrorCode MissingAction = Row(ErrorKind.MissingAction, 400, "InvalidArgument", "Missing Action parameter", "关键参数缺失,例如Action等,请确认请求restFul路由是否正确。");
        /// <summary>401 Unauthorized — "AUTH_INFO missing" (public error table).</summary>
        public static readonly ErrorCode Unauthorized = Row(ErrorKind.AuthenticationMissing, 401, "Unauthorized", "AUTH_INFO missing", "请求的Api Key格式不合法。请检查Api key Id是否正确,注意不要有多余的空格符号。", statusDefault: true);
        /// <summary>403 Forbidden — "Customer:{CustomerId} is frozen, not allow to access action: {Action}" (public error table).</summary>
        public static readonly ErrorCode CustomerFrozen = Row(ErrorKind.AccountFrozen, 403, "Forbidden", "Customer:{CustomerId} is frozen, not allow to access action: {Action}", "用户账号欠费冻结,不允许访问指定计费接口。", primary: false);
        /// <summary>403 Forbidden — "AccessKey:{Apikey} IS UNAVAILABLE" (public error table).</summary>
        public static readonly ErrorCode AccessKeyUnavailable = Row(ErrorKind.CredentialsUnavailable, 403, "Forbidden", "AccessKey:{Apikey} IS UNAVAILABLE", "用户传入的Api Key已删除或禁用(用户传入model字段错误,未传推理点ID)。");

        /// <summary>405 (derived) Method Not Allowed.</summary>
        public static readonly ErrorCode MethodNotAllowed = Derived(ErrorKind.MethodNotAllowed, 405, statusDefault: true);
        /// <summary>415 (derived) Unsupported Media Type.</summary>
        public static readonly ErrorCode UnsupportedMediaType = Derived(ErrorKind.UnsupportedMediaType, 415, statusDefault: true);

        internal static readonly ErrorCode[] All =
        [
            MissingRequiredParameter, RequestBodyInvalid, StoppedEndpoint, InvalidAuthorization, UserInfoError,
            InsufficientBalance, Frozen, Forbidden, UnaccessibleUser, ResourceNotFound, RequestTimeout, PayloadTooLarge,
            TooManyRequests, InternalServerError, BadGateway, ServiceUnavailable, DownstreamRemoteDisconnect, ClientClosedRequest,
            MissingAction, Unauthorized, CustomerFrozen, AccessKeyUnavailable, MethodNotAllowed, UnsupportedMediaType,
        ];

        private static ErrorCode Row(ErrorKind kind, int status, string code, string message, string meaning,
            ErrorKind[]? also = null, bool statusDefault = false, bool primary = true) =>
            new(ErrorDialect.Wanqing, kind, status, code, message, meaning, isDerived: false, primary ? Serves(kind, also) : [], statusDefault ? status : null);

        private static ErrorCode Derived(ErrorKind kind, int status, bool statusDefault) => DerivedWanqing(kind, status, statusDefault);
    }
}
