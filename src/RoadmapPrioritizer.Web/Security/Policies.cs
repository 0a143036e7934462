using Microsoft.AspNetCore.Authorization;
using RoadmapPrioritizer.Infrastructure.Accounts;

namespace RoadmapPrioritizer.Web.Security;

/// <summary>
/// What each role may do. Every page, fragment and API route names one of these (a test checks);
/// only sign-in, setup, health, error pages and static files are anonymous.
/// </summary>
public static class Policies
{
    /// <summary>See the roadmap, scores, themes and history: every signed-in role.</summary>
    public const string Read = "Read";

    /// <summary>Create and change themes, initiatives and their scoring inputs.</summary>
    public const string Edit = "Edit";

    /// <summary>Decide on initiatives (approve, park) without editing their inputs.</summary>
    public const string Decide = "Decide";

    /// <summary>Browse the whole audit trail: executives and admins (an initiative's own history is on its page).</summary>
    public const string Audit = "Audit";

    /// <summary>Users, roles, scoring model, data sources and jobs.</summary>
    public const string Admin = "Admin";

    /// <summary>
    /// Data sources as automation uses them: list them, start and follow runs, pause, resume and
    /// reschedule pulls. Product managers and admins; adding a source and entering its credentials is Admin.
    /// </summary>
    public const string Imports = "Imports";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(Roles.All));
        options.AddPolicy(Edit, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProductManager, Roles.Admin));
        options.AddPolicy(Decide, p => p.RequireAuthenticatedUser().RequireRole(Roles.Executive, Roles.ProductManager, Roles.Admin));
        options.AddPolicy(Audit, p => p.RequireAuthenticatedUser().RequireRole(Roles.Executive, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.AddPolicy(Imports, p => p.RequireAuthenticatedUser().RequireRole(Roles.ProductManager, Roles.Admin));

        // Anything mapped without a policy still needs a signed-in user with a role.
        options.FallbackPolicy = options.GetPolicy(Read);
    }
}
