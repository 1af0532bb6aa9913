using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ErrorMiddleware;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the
/// <see cref="IApiKeyStore"/>. No credentials: no result (401001). Credentials that are not a key (an empty bearer
/// token, another <c>Authorization</c> scheme such as <c>Basic</c>) or an unknown key: 401002; disabled key: the
/// masked key as unavailable; frozen account: frozen. A failure leaves its documented error on the request
/// (<see cref="ApiKeyAuthenticationFailure"/>), which the authorization result handler writes.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore store)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadKey(out var apiKey))
        {
            return AuthenticateResult.NoResult();
        }

        if (apiKey.Length == 0)
        {
            return Fail(new ApiError { Kind = ErrorKind.AuthenticationInvalid }, "The API key is empty or not a key.");
        }

        var result = await store.ValidateAsync(
            new ApiKeyValidationContext { HttpContext = Context, ApiKey = apiKey, Scheme = Scheme.Name },
            Context.RequestAborted).ConfigureAwait(false);

        switch (result.Status)
        {
            case ApiKeyStatus.Active:
                var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, result.OwnerId!, ClaimValueTypes.String, ClaimsIssuer));
                identity.AddClaim(new Claim(ClaimTypes.Name, result.OwnerId!, ClaimValueTypes.String, ClaimsIssuer));
                identity.AddClaims(result.Claims);
                return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
            case ApiKeyStatus.Disabled:
                return Fail(
                    new ApiError
                    {
                        Kind = ErrorKind.CredentialsUnavailable,
                        Details = new Dictionary<string, object?>(1, StringComparer.Ordinal) { ["Apikey"] = ApiKeyMask.Mask(apiKey) },
                    },
                    "The API key is disabled.");
            case ApiKeyStatus.Frozen:
                return Fail(new ApiError { Kind = ErrorKind.AccountFrozen }, "The account owning the API key is frozen.");
            default:
                return Fail(new ApiError { Kind = ErrorKind.AuthenticationInvalid }, "The API key is unknown.");
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.StatusCode = 401;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, (result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\""));
    }

    /// <summary>Fails, leaving the documented error on the request for the authorization result handler.</summary>
    private AuthenticateResult Fail(ApiError error, string failureMessage)
    {
        ApiKeyAuthenticationFailure.Set(Context, Scheme.Name, error);
        return AuthenticateResult.Fail(failureMessage);
    }

    private bool TryReadKey(out string apiKey)
    {
        var found = ApiKeyReader.TryRead(Request.Headers, Options.AcceptBearerToken, Options.HeaderName, out var key);
        apiKey = key.ToString();
        return found;
    }
}
