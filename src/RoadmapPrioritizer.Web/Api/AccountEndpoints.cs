using Microsoft.AspNetCore.Identity;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Api;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (with its antiforgery token) from the layout's "Sign out" button.
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireAuthorization(Policies.Read);
    }
}
