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
/// <see cref="IApiKeyStore"/>. No key: no result (401001). Unknown key: fails with
/// <see cref="AuthenticationFailedException"/>; disabled key: <see cref="CredentialsUnavailableException"/> carrying
/// the masked key; frozen account: <see cref="AccountFrozenException"/>. The authorization result handler turns the
/// failure into the documented error.
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
            return AuthenticateResult.Fail(new AuthenticationFailedException());
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
                return AuthenticateResult.Fail(new CredentialsUnavailableException
                {
                    Details = new Dictionary<string, object?>(1, StringComparer.Ordinal) { ["Apikey"] = ApiKeyMask.Mask(apiKey) },
                });
            case ApiKeyStatus.Frozen:
                return AuthenticateResult.Fail(new AccountFrozenException());
            default:
                return AuthenticateResult.Fail(new AuthenticationFailedException());
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        Response.StatusCode = 401;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, (result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\""));
    }

    private bool TryReadKey(out string apiKey)
    {
        var found = ApiKeyReader.TryRead(Request.Headers, Options.AcceptBearerToken, Options.HeaderName, out var key);
        apiKey = key.ToString();
        return found;
    }
}
