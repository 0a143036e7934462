using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RoadmapPrioritizer.Infrastructure.Accounts;

namespace RoadmapPrioritizer.Web.Security;

/// <summary>Authenticates <c>Authorization: Bearer rp_...</c> as the token's owner, with the owner's current role.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var user = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked, or its user is disabled.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(await principals.CreateAsync(user), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Send a valid API token: Authorization: Bearer <token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Your role does not allow this.");

    private Task WriteProblemAsync(int status, string detail) =>
        Results.Problem(detail, statusCode: status).ExecuteAsync(Context);
}
