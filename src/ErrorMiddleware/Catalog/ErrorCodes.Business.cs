using System.Globalization;

namespace ErrorMiddleware;

/// <content>The rows of the BusinessCode document.</content>
public static partial class ErrorCodes
{
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
}
