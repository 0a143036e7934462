using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace RoadmapPrioritizer.Web.Security;

/// <summary>The signed-in user of this request, and what their role allows, for pages that mix reading and writing.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IAuthorizationService authorization)
{
    public ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public string? Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    public async Task<bool> CanAsync(string policy) => (await authorization.AuthorizeAsync(Principal, policy)).Succeeded;

    /// <summary>
    /// Server-side check for a form post: when the role does not allow it the response becomes 403 and
    /// the caller writes nothing. Hidden buttons are not security.
    /// </summary>
    public async Task<bool> EnsureAsync(string policy)
    {
        if (await CanAsync(policy))
        {
            return true;
        }

        if (accessor.HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return false;
    }
}
