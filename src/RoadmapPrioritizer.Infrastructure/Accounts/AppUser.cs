using Microsoft.AspNetCore.Identity;

namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>A person who signs in. Roles say what they may do; see <see cref="Roles"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    /// <summary>When an admin disabled the account; a disabled user can neither sign in nor use tokens.</summary>
    public DateTime? DisabledAt { get; set; }

    public bool IsDisabled => DisabledAt is not null;
}

/// <summary>The three roles. Admin can do everything a product manager can; executives read and decide.</summary>
public static class Roles
{
    public const string Executive = "Executive";
    public const string ProductManager = "ProductManager";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Executive, ProductManager, Admin];

    public static string Label(string role) => role switch
    {
        ProductManager => "Product manager",
        _ => role,
    };
}
