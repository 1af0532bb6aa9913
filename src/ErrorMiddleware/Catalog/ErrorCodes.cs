using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ErrorMiddleware;

/// <summary>
/// The rows of both error documents, verbatim, plus the derived rows. Each row names the portable failures
/// (<see cref="ErrorKind"/>) it serves; every lookup is derived from the rows.
/// </summary>
public static class ErrorCodes
{
    private static readonly ConcurrentDictionary<(ErrorDialect, int), ErrorCode> s_derived = new();

    /// <summary>The rows of the BusinessCode document (<c>code</c> + <c>msg</c>), plus the derived rows it implies.</summary>
    public static class Business
    {
        /// <summary>0 — Success (the opt-in success envelope).</summary>
        public static readonly ErrorCode Success = Row(ErrorKind.None, 200, 0, "Success");
        /// <summary>100001 — Request parameter binding failed (HTTP 400).</summary>
        public static readonly ErrorCode RequestBindingFailed = Row(ErrorKind.RequestBodyInvalid, 400, 100001, "Request parameter binding failed");
        /// <summary>100002 — Parameter validation failed (HTTP 400).</summary>
        public static readonly ErrorCode ParameterValidationFailed = Row(ErrorKind.ValidationFailed, 400, 100002, "Parameter validation failed (e.g., model not found, size limit exceeded)", also: [ErrorKind.RequiredParameterMissing, ErrorKind.EndpointStopped], statusDefault: true);
        /// <summary>130005 — Request too frequent (HTTP 429).</summary>
        public static readonly ErrorCode RequestTooFrequent = Row(ErrorKind.RateLimited, 429, 130005, "Request too frequent", statusDefault: true);
        /// <summary>400001 — Invalid path format (HTTP 400).</summary>
        public static readonly ErrorCode InvalidPathFormat = Row(ErrorKind.InvalidPathFormat, 400, 400001, "Invalid path format", also: [ErrorKind.MissingAction]);
        /// <summary>400002 — Invalid version (HTTP 400).</summary>
        public static readonly ErrorCode InvalidVersion = Row(ErrorKind.InvalidVersion, 400, 400002, "Invalid version");
        /// <summary>400003 — Invalid module name (HTTP 400).</summary>
        public static readonly ErrorCode InvalidModuleName = Row(ErrorKind.InvalidModule, 400, 400003, "Invalid module name");
        /// <summary>400005 — Invalid request parameters (missing auth info or body) (HTTP 400).</summary>
        public static readonly ErrorCode InvalidRequestParameters = Row(ErrorKind.RequestBodyMissing, 400, 400005, "Invalid request parameters (missing auth info or body)", also: [ErrorKind.UserInfoInvalid]);
        /// <summary>401001 — Authorization information missing (HTTP 401).</summary>
        public static readonly ErrorCode AuthorizationMissing = Row(ErrorKind.AuthenticationMissing, 401, 401001, "Authorization information missing");
        /// <summary>401002 — Unauthorized (Invalid API Key/Token) (HTTP 401).</summary>
        public static readonly ErrorCode Unauthorized = Row(ErrorKind.AuthenticationInvalid, 401, 401002, "Unauthorized (Invalid API Key/Token)", also: [ErrorKind.CredentialsUnavailable], statusDefault: true);
        /// <summary>402000 — Quota freeze failed (HTTP 402).</summary>
        public static readonly ErrorCode QuotaFreezeFailed = Row(ErrorKind.QuotaExceeded, 402, 402000, "Quota freeze failed", also: [ErrorKind.NoBalance], statusDefault: true);
        /// <summary>500001 — Service unavailable (HTTP 500).</summary>
        public static readonly ErrorCode ServiceUnavailable = Row(ErrorKind.ServiceUnavailable, 500, 500001, "Service unavailable", defaultFor: 503);
        /// <summary>500002 — Database error (HTTP 500).</summary>
        public static readonly ErrorCode DatabaseError = Row(ErrorKind.DatabaseError, 500, 500002, "Database error");
        /// <summary>500003 — Proxy error (HTTP 500).</summary>
        public static readonly ErrorCode ProxyError = Row(ErrorKind.UpstreamError, 500, 500003, "Proxy error");
        /// <summary>500004 — Task creation failed (HTTP 500).</summary>
        public static readonly ErrorCode TaskCreationFailed = Row(ErrorKind.TaskCreationFailed, 500, 500004, "Task creation failed");
        /// <summary>530002 — Server is busy (HTTP 500).</summary>
        public static readonly ErrorCode ServerBusy = Row(ErrorKind.ServerBusy, 500, 530002, "Server is busy");
        /// <summary>530003 — Internal server error (HTTP 500).</summary>
        public static readonly ErrorCode InternalServerError = Row(ErrorKind.InternalError, 500, 530003, "Internal server error", statusDefault: true);

        /// <summary>403000 (derived) — Access denied (HTTP 403).</summary>
        public static readonly ErrorCode Forbidden = Derived(ErrorKind.Forbidden, 403, "Access denied (e.g., account frozen, banned App ID, or accessing unauthorized resources).", also: [ErrorKind.AccountFrozen], statusDefault: true);
        /// <summary>404000 (derived) — Resource not found (HTTP 404).</summary>
        public static readonly ErrorCode NotFound = Derived(ErrorKind.NotFound, 404, "Resource not found (invalid API path).", statusDefault: true);
        /// <summary>405000 (derived) — Method Not Allowed (HTTP 405).</summary>
        public static readonly ErrorCode MethodNotAllowed = Derived(ErrorKind.MethodNotAllowed, 405, "Method Not Allowed", statusDefault: true);
        /// <summary>408000 (derived) — Request Timeout (HTTP 408).</summary>
        public static readonly ErrorCode RequestTimeout = Derived(ErrorKind.RequestTimeout, 408, "Request Timeout", statusDefault: true);
        /// <summary>413000 (derived) — Uploaded file size exceeds the system limit (HTTP 413).</summary>
        public static readonly ErrorCode PayloadTooLarge = Derived(ErrorKind.PayloadTooLarge, 413, "Uploaded file size exceeds the system limit.", statusDefault: true);
        /// <summary>415000 (derived) — Unsupported Media Type (HTTP 415).</summary>
        public static readonly ErrorCode UnsupportedMediaType = Derived(ErrorKind.UnsupportedMediaType, 415, "Unsupported Media Type", statusDefault: true);

        internal static readonly ErrorCode[] All =
        [
            Success, RequestBindingFailed, ParameterValidationFailed, RequestTooFrequent, InvalidPathFormat, InvalidVersion,
            InvalidModuleName, InvalidRequestParameters, AuthorizationMissing, Unauthorized, QuotaFreezeFailed,
            ServiceUnavailable, DatabaseError, ProxyError, TaskCreationFailed, ServerBusy, InternalServerError,
            Forbidden, NotFound, MethodNotAllowed, RequestTimeout, PayloadTooLarge, UnsupportedMediaType,
        ];

        private static ErrorCode Row(ErrorKind kind, int status, int code, string message, ErrorKind[]? also = null, bool statusDefault = false, int? defaultFor = null) =>
            new(ErrorDialect.BusinessCode, kind, status, code.ToString(CultureInfo.InvariantCulture), message, meaning: null, isDerived: false,
                Serves(kind, also), defaultFor ?? (statusDefault ? status : null));

        private static ErrorCode Derived(ErrorKind kind, int status, string message, ErrorKind[]? also = null, bool statusDefault = false) =>
            new(ErrorDialect.BusinessCode, kind, status, (status * 1000).ToString(CultureInfo.InvariantCulture), message,
                $"Derived: the document names HTTP {status} but no code; code = status × 1000.", isDerived: true, Serves(kind, also), statusDefault ? status : null);
    }

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

    /// <summary>Every row of both documents, and the derived rows, in document order.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } = [.. Business.All, .. Wanqing.All];

    /// <summary>
    /// The documented row for a failure in a catalog (<see cref="ErrorDialect.ProblemDetails"/> uses the BusinessCode
    /// rows), read from the rows themselves: each row lists the kinds it serves. A kind no row serves resolves to the
    /// catalog's internal-error row. This ignores the application's overrides; the pipeline resolves through them.
    /// </summary>
    internal static ErrorCode For(ErrorKind kind, ErrorDialect dialect)
    {
        var index = CatalogIndex.Of(dialect);
        if (index.ByKind.TryGetValue(kind, out var row))
        {
            return row;
        }

        if (kind == ErrorKind.None)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "The Wanqing document has no success row.");
        }

        return index.InternalError;
    }

    /// <summary>
    /// The row for a body-less error status: the row of that catalog marked as its status's default (the documented
    /// row closest in meaning), else a derived row (status × 1000; Wanqing: the reason phrase).
    /// The response keeps its own status whatever the row's status is.
    /// </summary>
    internal static ErrorCode ForStatus(int statusCode, ErrorDialect dialect)
    {
        var catalog = dialect == ErrorDialect.Wanqing ? ErrorDialect.Wanqing : ErrorDialect.BusinessCode;
        return CatalogIndex.Of(catalog).ByStatus.TryGetValue(statusCode, out var row)
            ? row
            : s_derived.GetOrAdd((catalog, statusCode), static key => key.Item1 == ErrorDialect.Wanqing
                ? DerivedWanqing(ErrorKindForStatus(key.Item2), key.Item2, statusDefault: false)
                : DerivedBusiness(key.Item2));
    }

    /// <summary>The portable kind of a bare status: the kind of the row either catalog gives that status.</summary>
    internal static ErrorKind ErrorKindForStatus(int statusCode) =>
        CatalogIndex.Business.ByStatus.TryGetValue(statusCode, out var row) || CatalogIndex.Wanqing.ByStatus.TryGetValue(statusCode, out row)
            ? row.Kind
            : statusCode >= 500 ? ErrorKind.InternalError : ErrorKind.Custom;

    internal static string ReasonPhrase(int statusCode)
    {
        var phrase = ReasonPhrases.GetReasonPhrase(statusCode);
        return string.IsNullOrEmpty(phrase) ? "Error " + statusCode.ToString(CultureInfo.InvariantCulture) : phrase;
    }

    private static ErrorCode DerivedBusiness(int status) =>
        new(ErrorDialect.BusinessCode, ErrorKindForStatus(status), status, (status * 1000).ToString(CultureInfo.InvariantCulture), ReasonPhrase(status),
            $"Derived: the document names no code for HTTP {status}; code = status × 1000.", isDerived: true, [], defaultForStatus: null);

    private static ErrorCode DerivedWanqing(ErrorKind kind, int status, bool statusDefault)
    {
        var phrase = ReasonPhrase(status);
        return new(ErrorDialect.Wanqing, kind, status, phrase, phrase,
            $"Derived: the document has no row for HTTP {status}; code = the reason phrase.", isDerived: true,
            statusDefault ? [kind] : [], statusDefault ? status : null);
    }

    private static ErrorKind[] Serves(ErrorKind kind, ErrorKind[]? also) => also is null ? [kind] : [kind, .. also];

    /// <summary>The lookups of one catalog, built once from its rows.</summary>
    private sealed class CatalogIndex
    {
        public static readonly CatalogIndex Business = new(ErrorCodes.Business.All, ErrorCodes.Business.InternalServerError);
        public static readonly CatalogIndex Wanqing = new(ErrorCodes.Wanqing.All, ErrorCodes.Wanqing.InternalServerError);

        private CatalogIndex(ErrorCode[] rows, ErrorCode internalError)
        {
            var byKind = new Dictionary<ErrorKind, ErrorCode>();
            var byStatus = new Dictionary<int, ErrorCode>();
            foreach (var row in rows)
            {
                foreach (var kind in row.ServedKinds)
                {
                    if (!byKind.TryAdd(kind, row))
                    {
                        throw new InvalidOperationException($"Two rows serve {kind}: {byKind[kind]} and {row}.");
                    }
                }

                if (row.DefaultForStatus is { } status && !byStatus.TryAdd(status, row))
                {
                    throw new InvalidOperationException($"Two rows are the default of HTTP {status}: {byStatus[status]} and {row}.");
                }
            }

            ByKind = byKind.ToFrozenDictionary();
            ByStatus = byStatus.ToFrozenDictionary();
            InternalError = internalError;
        }

        public FrozenDictionary<ErrorKind, ErrorCode> ByKind { get; }

        public FrozenDictionary<int, ErrorCode> ByStatus { get; }

        public ErrorCode InternalError { get; }

        public static CatalogIndex Of(ErrorDialect dialect) => dialect == ErrorDialect.Wanqing ? Wanqing : Business;
    }
}
