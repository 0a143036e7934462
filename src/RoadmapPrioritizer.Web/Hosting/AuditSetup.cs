using System.Security.Claims;
using RoadmapPrioritizer.Infrastructure.Auditing;

namespace RoadmapPrioritizer.Web.Hosting;

/// <summary>Names the request's user in the audit trail (the services are registered with the database).</summary>
internal static class AuditSetup
{
    /// <summary>The actor of a request nobody is signed in to, e.g. the first-admin setup.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>
    /// Call after UseAuthentication (and UseAuthorization), before the endpoints: every change a
    /// request saves is recorded as made by its user, whether a cookie or an API token signed them in.
    /// </summary>
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            SetActor(context);
            return next(context);
        });

    /// <summary>User id from the NameIdentifier claim, name from the Name claim (Identity's user name, the email).</summary>
    internal static void SetActor(HttpContext context)
    {
        var actor = context.RequestServices.GetRequiredService<AuditActor>();
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            actor.Set(null, AnonymousName);
            return;
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        actor.Set(id, user.Identity.Name ?? id ?? AnonymousName);
    }
}
